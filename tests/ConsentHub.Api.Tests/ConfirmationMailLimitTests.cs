using System.Net;
using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub.Newsletters;
using static ConsentHub.Api.Tests.Kit.PeopleKit;

namespace ConsentHub.Api.Tests;

/// Anyone who knows an address can ask for a subscription to it: the hub mails one confirmation per address and
/// list while it is pending, none to an address under a direct-marketing prohibition, and answers 202 every time.
public sealed class ConfirmationMailLimitTests : IAsyncLifetime
{
    private readonly TestClock _clock = new();
    private TestHub _hub = null!;

    public async Task InitializeAsync() => _hub = await TestHub.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(_clock));

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private async Task<HttpStatusCode> SubscribeAsync(TenantHandle t, string email)
    {
        using var anonymous = _hub.Client();
        using var response = await anonymous.SendAsync(Browser(HttpMethod.Post, $"/api/v1/{t.Id}/newsletters/weekly/subscriptions", t.SiteKey, json: new { email }));
        Assert.Equal("pending", (await response.JsonAsync()).GetProperty("status").GetString());
        return response.StatusCode;
    }

    /// The confirmations to an address in the outbox, once a later subscription's confirmation has gone out
    /// (so every earlier change has had its turn).
    private async Task<int> ConfirmationsToAsync(TenantHandle t, string email)
    {
        var sentinel = $"sentinel-{Guid.NewGuid():N}@example.fi";
        Assert.Equal(HttpStatusCode.Accepted, await SubscribeAsync(t, sentinel));
        await _hub.OutboxEmailAsync(t.Id, sentinel, ConfirmationMessages.Kind);
        await Task.Delay(500);
        var path = Path.Combine(_hub.DataDir, "outbox", "email.jsonl");
        return File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement)
            .Count(e => e.GetProperty("tenant").GetString() == t.Id && e.GetProperty("to").GetString() == email && e.GetProperty("kind").GetString() == ConfirmationMessages.Kind);
    }

    [Fact]
    public async Task Twenty_subscriptions_of_one_address_send_one_confirmation()
    {
        using var t = await _hub.CreateTenantAsync(Tenant("mailbomb"));
        for (var i = 0; i < 20; i++) Assert.Equal(HttpStatusCode.Accepted, await SubscribeAsync(t, "uhri@example.fi"));
        Assert.Equal(1, await ConfirmationsToAsync(t, "uhri@example.fi"));

        _clock.Offset = TimeSpan.FromHours(25);   // a day later, still unconfirmed: one reminder may go
        Assert.Equal(HttpStatusCode.Accepted, await SubscribeAsync(t, "uhri@example.fi"));
        Assert.Equal(2, await ConfirmationsToAsync(t, "uhri@example.fi"));
    }

    [Theory]
    [InlineData("email")]
    [InlineData("all")]
    public async Task An_address_under_a_direct_marketing_prohibition_gets_no_confirmation_and_the_answer_is_still_202(string channel)
    {
        using var t = await _hub.CreateTenantAsync(Tenant("mailban-" + channel));
        using (var contacts = await t.Client.PutAsync($"/api/v1/{t.Id}/subjects/s1/contact-points", Http.JsonBody("""{"emails":["kielto@example.fi"]}""")))
            Assert.True(contacts.IsSuccessStatusCode, await contacts.Content.ReadAsStringAsync());
        using (var objection = await t.Client.PostJsonAsync($"/api/v1/{t.Id}/subjects/s1/objections", new { scope = "direct-marketing", channel }))
            Assert.Equal(HttpStatusCode.Created, objection.StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, await SubscribeAsync(t, "Kielto@Example.fi"));
        Assert.Equal(0, await ConfirmationsToAsync(t, "kielto@example.fi"));
    }

    [Fact]
    public async Task An_address_that_opted_out_itself_gets_no_confirmation()
    {
        using var t = await _hub.CreateTenantAsync(Tenant("mailban-own"));
        Assert.Equal(HttpStatusCode.Accepted, await SubscribeAsync(t, "oma@example.fi"));
        using (var link = await t.Client.PostJsonAsync($"/api/v1/{t.Id}/unsubscribe-links", new { email = "oma@example.fi", purpose = "direct-marketing" }))
        {
            var url = (await link.JsonAsync()).GetProperty("url").GetString()!;
            using var anonymous = _hub.Client();
            using var stop = await anonymous.PostAsync(url, Form(("List-Unsubscribe", "One-Click")));
            Assert.True(stop.IsSuccessStatusCode, await stop.Content.ReadAsStringAsync());
        }
        _clock.Offset = TimeSpan.FromHours(25);
        Assert.Equal(HttpStatusCode.Accepted, await SubscribeAsync(t, "oma@example.fi"));
        Assert.Equal(1, await ConfirmationsToAsync(t, "oma@example.fi"));   // the first, from before the prohibition
    }
}
