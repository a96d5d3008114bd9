using System.Net;
using System.Text.RegularExpressions;
using ConsentHub.Api.Tests.Kit;
using static ConsentHub.Api.Tests.Kit.PeopleKit;

namespace ConsentHub.Api.Tests;

/// Two instances of the hub on one Cosmos DB store, as a scaled-out deployment runs them: a person's link page
/// decides on and shows their state as stored, whichever instance took the last write. (Checks may lag on another
/// instance for the index's two seconds, as README says; a page a person acts on may not: a click after a
/// re-subscription made elsewhere was taken as already in effect and recorded nothing.) SQLite runs one instance.
[Collection(CosmosCollection.A)]
public sealed partial class LinkPagesAcrossInstancesTests(CosmosServer server) : IAsyncLifetime
{
    private TestHub _a = null!;
    private TestHub _b = null!;

    public async Task InitializeAsync()
    {
        var (database, secrets) = (CosmosServer.NewDatabase(), CosmosHub.NewSecrets());
        _a = await CosmosHub.StartAsync(server, database, secrets);
        _b = await CosmosHub.StartAsync(server, database, secrets, s => s.AddSingleton<TimeProvider>(new StillClock()));
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
    }

    [Fact]
    public async Task An_unsubscribe_click_on_one_instance_after_a_re_subscription_on_another_is_recorded()
    {
        using var t = await _a.CreateTenantAsync(Tenant("across-unsub"));
        await SubscribeAsync(t, "olli@example.fi");
        using var link = await t.Client.PostJsonAsync($"/api/v1/{t.Id}/unsubscribe-links", new { email = "olli@example.fi", listId = "offers" });
        var path = new Uri((await link.JsonAsync()).GetProperty("url").GetString()!).PathAndQuery;
        using var onB = _b.Client();

        using (var first = await onB.PostAsync(path, Form(("List-Unsubscribe", "One-Click")))) Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await ReasonOnAAsync(t, "olli@example.fi", "unsubscribed");
        await SubscribeAsync(t, "olli@example.fi");
        Assert.Equal("subscribed", (await t.Client.CheckAsync(t.Id, "newsletter:offers", "email", "olli@example.fi"))[0].Reason);

        using (var again = await onB.PostAsync(path, Form(("List-Unsubscribe", "One-Click")))) Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await ReasonOnAAsync(t, "olli@example.fi", "unsubscribed");
    }

    [Fact]
    public async Task The_preference_page_on_one_instance_shows_a_change_saved_on_another_at_once()
    {
        using var t = await _a.CreateTenantAsync(Tenant("across-pc"));
        await SubscribeAsync(t, "eeva@example.fi");
        using var link = await t.Client.PostJsonAsync($"/api/v1/{t.Id}/preference-links", new { email = "eeva@example.fi" });
        var path = new Uri((await link.JsonAsync()).GetProperty("url").GetString()!).PathAndQuery;
        using var onA = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _a.BaseAddress };
        using var onB = _b.Client();
        Assert.True(OffersChecked(await onB.GetStringAsync(path)));

        // The form leaves the newsletter on A, and the redirect after it lands on B.
        using (var saved = await onA.PostAsync(path, Form(("shown", "newsletter.offers")))) Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        Assert.Equal("unsubscribed", (await t.Client.CheckAsync(t.Id, "newsletter:offers", "email", "eeva@example.fi"))[0].Reason);
        Assert.False(OffersChecked(await onB.GetStringAsync(path + "?saved=1")));
    }

    private static async Task SubscribeAsync(TenantHandle t, string email)
    {
        using var response = await t.Client.PostJsonAsync($"/api/v1/{t.Id}/newsletters/offers/subscriptions", new { email });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// A check on A of a write made on B: A's own index may hold the view it read for two seconds (README).
    private static Task<string> ReasonOnAAsync(TenantHandle t, string email, string reason) =>
        Eventually.HoldsAsync(async () => (await t.Client.CheckAsync(t.Id, "newsletter:offers", "email", email))[0].Reason, r => r == reason,
            TimeSpan.FromSeconds(10), what: $"the check on A answering {reason}");

    [GeneratedRegex("<input type=\"checkbox\" name=\"newsletter.offers\"( checked)?")]
    private static partial Regex OffersBox();

    private static bool OffersChecked(string page) => OffersBox().Match(page) is { Success: true } box ? box.Groups[1].Success : throw new InvalidOperationException("no offers box");

    /// No time passes on this clock's timestamps (each reading is one tick after the last): to the instance, every
    /// request comes within its party index's two seconds.
    private sealed class StillClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Increment(ref _ticks);
    }
}
