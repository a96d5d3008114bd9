using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using static ConsentHub.Api.Tests.Kit.PeopleKit;

namespace ConsentHub.Api.Tests;

/// Crypto-shredding holds on disk: after erasure no file of the data folder (database, WAL, shared memory, outbox,
/// anything) holds a destroyed wrapped key, and no outbox line names the person. SQLite only: it reads the data
/// folder's files, which only the embedded store has; on every store ErasureTests proves what a caller sees, and
/// StreamKeyTombstoneContract that a destroyed key is gone from the key store.
public sealed class ErasureOnDiskTests
{
    [Fact]
    public async Task After_erasure_no_file_in_the_data_folder_holds_a_destroyed_key_or_the_persons_address()
    {
        await using var hub = await TestHub.StartAsync();
        using var t = await hub.CreateTenantAsync(Tenant("disk"));
        (await t.Client.PutAsync("/api/v1/disk/subjects/s1/contact-points", Http.JsonBody("""{"emails":["levy@example.fi"],"phones":["040 700 0042"]}"""))).EnsureSuccessStatusCode();
        (await t.Client.PostJsonAsync("/api/v1/disk/newsletters/offers/subscriptions", new { email = "levy@example.fi" })).EnsureSuccessStatusCode();
        (await t.Client.PostJsonAsync("/api/v1/disk/subjects/s1/visitors", new { visitorId = "v-disk-0001" })).EnsureSuccessStatusCode();
        (await t.Client.PostJsonAsync("/api/v1/disk/subjects/s1/objections", new { scope = "direct-marketing", channel = "all" })).EnsureSuccessStatusCode();
        (await t.Client.PutAsync("/api/v1/disk/subjects/other/contact-points", Http.JsonBody("""{"emails":["jaa@example.fi"]}"""))).EnsureSuccessStatusCode();
        (await t.Client.PostJsonAsync("/api/v1/disk/subjects/other/objections", new { scope = "direct-marketing", channel = "all" })).EnsureSuccessStatusCode();
        // A longer address that holds the erased one, and the same address at another controller: neither is the erased person's.
        (await t.Client.PutAsync("/api/v1/disk/subjects/longer/contact-points", Http.JsonBody("""{"emails":["ylevy@example.fi"]}"""))).EnsureSuccessStatusCode();
        (await t.Client.PostJsonAsync("/api/v1/disk/subjects/longer/objections", new { scope = "direct-marketing", channel = "all" })).EnsureSuccessStatusCode();
        using var elsewhere = await hub.CreateTenantAsync(Tenant("disk-other"));
        (await elsewhere.Client.PutAsync("/api/v1/disk-other/subjects/s1/contact-points", Http.JsonBody("""{"emails":["levy@example.fi"]}"""))).EnsureSuccessStatusCode();
        (await elsewhere.Client.PostJsonAsync("/api/v1/disk-other/subjects/s1/objections", new { scope = "direct-marketing", channel = "all" })).EnsureSuccessStatusCode();
        var outbox = Path.Combine(hub.DataDir, "outbox");
        await Eventually.HoldsAsync(() => Task.FromResult(Lines(outbox)),
            lines => lines.Any(l => l.Contains("levy@example.fi", StringComparison.Ordinal)) && lines.Any(l => l.Contains("358407000042", StringComparison.Ordinal))
                && lines.Any(l => l.Contains("jaa@example.fi", StringComparison.Ordinal)) && lines.Any(l => l.Contains("ylevy@example.fi", StringComparison.Ordinal))
                && lines.Any(l => l.Contains("\"disk-other\"", StringComparison.Ordinal)),
            what: "both people's messages in the outbox");
        var keys = StoreRows.WrappedKeys(hub.DataDir, "disk");
        var destroyed = keys.Where(k => k.Key is "subject-s1" or "visitor-v-disk-0001" || k.Key.StartsWith("contact-", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, destroyed.Count);   // the subject, the subscribed address's own stream, the browser
        Assert.All(destroyed, k => Assert.True(InSomeFile(hub.DataDir, k.Value), $"{k.Key}'s key is not on disk before erasure: the test sees nothing"));

        (await t.Client.DeleteAsync("/api/v1/disk/subjects/s1")).EnsureSuccessStatusCode();

        foreach (var (stream, key) in destroyed) Assert.False(InSomeFile(hub.DataDir, key), $"{stream}'s destroyed key is still in a file of the data folder");
        var left = Lines(outbox);
        Assert.DoesNotContain(left, l => l.Contains("\"disk\"", StringComparison.Ordinal) && l.Replace("ylevy@", "", StringComparison.Ordinal).Contains("levy@example.fi", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(left, l => l.Contains("ylevy@example.fi", StringComparison.Ordinal));
        Assert.Contains(left, l => l.Contains("\"disk-other\"", StringComparison.Ordinal) && l.Contains("levy@example.fi", StringComparison.Ordinal));
        Assert.DoesNotContain(left, l => JsonDocument.Parse(l).RootElement.GetRawText().Contains("358407000042", StringComparison.Ordinal));
        Assert.Contains(left, l => l.Contains("jaa@example.fi", StringComparison.Ordinal));   // another person's lines stay
        Assert.True(StoreRows.WrappedKeys(hub.DataDir, "disk").ContainsKey("subject-other"));
    }

    private static List<string> Lines(string folder) => Directory.Exists(folder)
        ? [.. Directory.GetFiles(folder, "*.jsonl").SelectMany(File.ReadAllLines)]
        : [];

    private static bool InSomeFile(string dataDir, byte[] key) =>
        Directory.GetFiles(dataDir, "*", SearchOption.AllDirectories).Any(path =>
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var bytes = new MemoryStream();
            file.CopyTo(bytes);
            return bytes.GetBuffer().AsSpan(0, (int)bytes.Length).IndexOf(key) >= 0;
        });
}
