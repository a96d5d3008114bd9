using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using static ConsentHub.Api.Tests.Kit.PeopleKit;

namespace ConsentHub.Api.Tests;

/// The party index in memory keeps no sealed value of a contact point (issue 12: memory per subject): after a restart,
/// whatever opens an address (the CloudEvents feed, the suppressions feed, a subject's preferences) reads it from the
/// store and shows it as before; once the subject is erased, none of them shows it any more, after a restart too.
public sealed class SealedValuesAfterRestartTests
{
    private const string Address = "sinetti@example.fi";

    [Fact]
    public async Task After_a_restart_the_feeds_and_preferences_open_the_addresses_memory_does_not_keep_until_erasure()
    {
        var dir = TestHub.NewDataDir();
        string key;
        await using (var hub = await TestHub.StartAsync(dir))
        {
            using var tenant = await hub.CreateTenantAsync("sinetti");
            key = tenant.ApiKey;
            (await tenant.Client.PutAsync("/api/v1/sinetti/subjects/s1/contact-points", Http.JsonBody($$"""{"emails":["{{Address}}"],"phones":["040 555 0123"]}"""))).EnsureSuccessStatusCode();
            (await tenant.Client.PostJsonAsync("/api/v1/sinetti/subjects/s1/objections", new { scope = "direct-marketing", channel = "email" })).EnsureSuccessStatusCode();
            using var link = await tenant.Client.PostJsonAsync("/api/v1/sinetti/unsubscribe-links", new { email = Address, listId = "weekly" });
            var url = (await link.JsonAsync()).GetProperty("url").GetString()!;
            using var browser = hub.Client();
            (await browser.PostAsync(new Uri(url), Form(("List-Unsubscribe", "One-Click")))).EnsureSuccessStatusCode();
            await Quiet.PropagationsAsync(hub, tenant);
        }

        await using (var again = await TestHub.StartAsync(dir))
        {
            using var client = again.Client(key);
            Assert.Equal(Address, Unsubscribed(await client.CloudEventsAsync("sinetti")).GetProperty("data").GetProperty("contact").GetString());
            var suppressions = await client.GetJsonAsync("/api/v1/sinetti/suppressions?channel=email&purpose=direct-marketing");
            Assert.Equal(Address, Assert.Single(suppressions.GetProperty("items").EnumerateArray()).GetProperty("contact").GetString());
            var contactPoints = (await client.GetJsonAsync("/api/v1/sinetti/subjects/s1/preferences")).GetProperty("contactPoints");
            Assert.Equal(Address, Assert.Single(contactPoints.GetProperty("emails").EnumerateArray()).GetString());
            Assert.Equal("+358405550123", Assert.Single(contactPoints.GetProperty("phones").EnumerateArray()).GetString());
            (await client.DeleteAsync("/api/v1/sinetti/subjects/s1")).EnsureSuccessStatusCode();
        }

        await using var erased = await TestHub.StartAsync(dir);
        using var after = erased.Client(key);
        var feed = await after.CloudEventsAsync("sinetti");
        Assert.True(!Unsubscribed(feed).GetProperty("data").TryGetProperty("contact", out var contact) || contact.ValueKind == JsonValueKind.Null);
        Assert.DoesNotContain(feed, e => e.GetRawText().Contains(Address, StringComparison.Ordinal) || e.GetRawText().Contains("+358405550123", StringComparison.Ordinal));
        Assert.Empty((await after.GetJsonAsync("/api/v1/sinetti/suppressions?channel=email&purpose=direct-marketing")).GetProperty("items").EnumerateArray());
        Assert.Equal((false, "direct-marketing-prohibited"), (await after.CheckAsync("sinetti", "direct-marketing", "email", Address))[0]);
    }

    private static JsonElement Unsubscribed(List<JsonElement> feed) =>
        Assert.Single(feed, e => e.GetProperty("type").GetString() == "consenthub.newsletter.unsubscribed.v1");
}
