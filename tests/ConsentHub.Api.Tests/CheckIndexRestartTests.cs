using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub.Projections;

namespace ConsentHub.Api.Tests;

/// The compact party index (contact points keyed by their hash's 32 bytes, entries inline, links as arrays): a batch
/// that meets every kind of entry answers the same before and after a restart loads it from the persisted views, and
/// a recipient asked twice in a batch answers the same both times.
public sealed class CheckIndexRestartTests
{
    private static readonly string[] Batch =
    [
        "kielto@example.fi", "vapaa@example.fi", "vanha@example.fi", "uusi@example.fi", "tuntematon@example.fi",
        "subject:k1", "subject:v1", "subject:ei-ole", "ei osoite", "kielto@example.fi", "subject:k1",
    ];

    [Fact]
    public async Task A_batch_answers_the_same_after_a_restart_and_a_repeated_recipient_the_same_each_time()
    {
        var dir = TestHub.NewDataDir();
        string key;
        (bool, string)[] before;
        await using (var hub = await TestHub.StartAsync(dir))
        {
            using var tenant = await hub.CreateTenantAsync("indeksi");
            key = tenant.ApiKey;
            var client = tenant.Client;
            (await client.PutAsync("/api/v1/indeksi/subjects/k1/contact-points", Http.JsonBody("""{"emails":["kielto@example.fi"]}"""))).EnsureSuccessStatusCode();
            (await client.PostJsonAsync("/api/v1/indeksi/subjects/k1/objections", new { scope = "direct-marketing", channel = "email" })).EnsureSuccessStatusCode();
            (await client.PutAsync("/api/v1/indeksi/subjects/v1/contact-points", Http.JsonBody("""{"emails":["vapaa@example.fi"]}"""))).EnsureSuccessStatusCode();
            // m1 objects, then lets go of its old address for a new one: the old one keeps the prohibition it had then.
            (await client.PutAsync("/api/v1/indeksi/subjects/m1/contact-points", Http.JsonBody("""{"emails":["vanha@example.fi"]}"""))).EnsureSuccessStatusCode();
            (await client.PostJsonAsync("/api/v1/indeksi/subjects/m1/objections", new { scope = "direct-marketing", channel = "email" })).EnsureSuccessStatusCode();
            (await client.PutAsync("/api/v1/indeksi/subjects/m1/contact-points", Http.JsonBody("""{"emails":["uusi@example.fi"]}"""))).EnsureSuccessStatusCode();
            before = await client.CheckAsync("indeksi", "direct-marketing", "email", Batch);
            await Quiet.PropagationsAsync(hub, tenant);
        }
        Assert.Equal((false, "direct-marketing-prohibited"), before[0]);
        Assert.Equal((true, "no-objection"), before[1]);
        Assert.Equal((false, "direct-marketing-prohibited"), before[2]);
        Assert.Equal((false, "direct-marketing-prohibited"), before[3]);
        Assert.Equal((true, "no-objection"), before[4]);
        Assert.Equal((false, "invalid-recipient"), before[8]);
        Assert.Equal(before[0], before[9]);
        Assert.Equal(before[5], before[10]);

        await using var again = await TestHub.StartAsync(dir);
        using var restarted = again.Client(key);
        Assert.Equal(before, await restarted.CheckAsync("indeksi", "direct-marketing", "email", Batch));
    }

    [Fact]
    public void A_contact_key_is_the_hash_itself_and_nothing_else_meets_it()
    {
        var hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData("kielto@example.fi"u8)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var other = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData("vapaa@example.fi"u8)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Equal(ContactKey.Of(hash), ContactKey.Of(new string(hash.ToCharArray())));
        Assert.Equal(hash, ContactKey.Of(hash).ToString());
        Assert.NotEqual(ContactKey.Of(hash), ContactKey.Of(other));
        // The last character of 43 carries two spare bits: text that decodes to the same bytes but is not the hash's
        // own form is another key, kept as its text.
        var last = hash[^1];
        var alias = hash[..^1] + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".IndexOf(last) ^ 1)];
        Assert.NotEqual(ContactKey.Of(hash), ContactKey.Of(alias));
        Assert.Equal(alias, ContactKey.Of(alias).ToString());
        Assert.Equal("not-a-hash", ContactKey.Of("not-a-hash").ToString());
        var stars = new string('*', 43);
        Assert.Equal(stars, ContactKey.Of(stars).ToString());
        Assert.NotEqual(ContactKey.Of("not-a-hash"), ContactKey.Of("not-a-hash2"));
    }
}
