using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Feed;
using ConsentHub.Hub.Messages;
using ConsentHub.Hub.Propagation;
using static ConsentHub.Api.Tests.Kit.PeopleKit;

namespace ConsentHub.Api.Tests;

/// The log reader prepares a change only when some target may care about it (IPropagationTarget.MayCare, judged from
/// the event's type, its version and the tenant's settings before the stream is read). That is exact only if every
/// target, and every message composer behind the e-mail and SMS targets, declares each change it acts on: here every
/// kind of change is made in a tenant connected to everything (SendGrid, Twilio, a double opt-in list with its group,
/// a CRM subscription, the Service Bus topic) and in a bare one, and for every change in the log each handler that has
/// work for it (TargetsFor, For) must have said it may care. A handler that acts on a type it did not declare fails here.
public sealed class PropagationMayCareTests : IAsyncLifetime
{
    private readonly CapturingServiceBus _bus = new();
    private StubServer _providers = null!;
    private TestHub _hub = null!;

    public async Task InitializeAsync()
    {
        _providers = await StubServer.StartAsync();
        var settings = new Dictionary<string, string?>(CapturingServiceBus.Settings)
        {
            ["ConsentHub:Webhooks:AllowPrivateNetworks"] = "true",
            ["ConsentHub:Webhooks:RequireHttps"] = "false",
        };
        foreach (var (key, value) in PropagationKit.Settings(_providers, _providers)) settings[key] = value;
        _hub = await TestHub.StartAsync(extra: settings, services: _bus.Register);
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _providers.DisposeAsync();
    }

    [Fact]
    public async Task Every_handler_that_has_work_for_a_change_declared_that_it_may_care_about_its_kind()
    {
        using (var connected = await _hub.CreateTenantAsync("kytketty", PropagationKit.ConnectedTenant("kytketty")))
        {
            using (var subscribed = await connected.Client.PostJsonAsync("/api/v1/kytketty/subscriptions",
                new { url = new Uri(_providers.BaseAddress, "/hooks").ToString(), types = Array.Empty<string>() }))
                Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
            await EveryKindOfChangeAsync(connected);
        }
        using (var bare = await _hub.CreateTenantAsync("paljas", JsonSerializer.SerializeToNode(Catalogs.Tenant("paljas"))!.AsObject()))
            await EveryKindOfChangeAsync(bare);

        var contexts = _hub.Services.GetRequiredService<ChangeContexts>();
        var targets = _hub.Services.GetServices<IPropagationTarget>().ToList();
        var composers = _hub.Services.GetServices<IChangeMessages>().ToList();
        var acted = new HashSet<(string Handler, Type Event)>();
        var skipped = new HashSet<Type>();
        foreach (var stored in await LogAsync())
        {
            if (await contexts.HeadAsync(stored, CancellationToken.None) is not { } head) continue;
            var change = await contexts.BuildAsync(stored, CancellationToken.None);
            if (!targets.Any(t => t.MayCare(head))) skipped.Add(head.Event);
            if (change is null) continue;
            Assert.Equal(change.CloudEvent is not null, EventViews.WithCloudEvent.Contains(head.Event));
            foreach (var target in targets.Where(t => t.TargetsFor(change).Any()))
            {
                Assert.True(target.MayCare(head), $"{target.GetType().Name} has work for {stored.Type} (version {stored.Version} of {stored.Stream}) but did not declare it");
                acted.Add((target.GetType().Name, head.Event));
            }
            foreach (var composer in composers.Where(c => c.For(change).Any()))
            {
                Assert.True(composer.MayCare(head), $"{composer.GetType().Name} has a message for {stored.Type} but did not declare it");
                acted.Add((composer.GetType().Name, head.Event));
            }
        }

        // Not vacuous: the handlers acted on these kinds, and the reader skips a new subject's first contact points.
        Assert.Contains((nameof(EmailTarget), typeof(LedgerEvent.ContactPointsChanged)), acted);
        Assert.Contains((nameof(EmailTarget), typeof(LedgerEvent.ObjectionRecorded)), acted);
        Assert.Contains((nameof(SmsTarget), typeof(LedgerEvent.ObjectionRecorded)), acted);
        Assert.Contains((nameof(Hub.Newsletters.ConfirmationMessages), typeof(LedgerEvent.NewsletterSubscribed)), acted);
        Assert.Contains((nameof(Hub.Subscriptions.WebhookTarget), typeof(VisitorEvent.CookiesRecorded)), acted);
        Assert.Contains((nameof(Hub.Subscriptions.ServiceBusTarget), typeof(LedgerEvent.SubjectErased)), acted);
        Assert.Contains((nameof(Hub.Requests.RequestNoticeTarget), typeof(RequestEvent.Extended)), acted);
        Assert.Contains(typeof(LedgerEvent.ContactIdentified), skipped);
    }

    /// Every kind of change a tenant can record: contact points (a new subject's, then changes, one while e-mail is
    /// prohibited), consents, objections of each channel and a lift, newsletter subscriptions (double opt-in and not)
    /// and an unsubscribe, a restriction and its lift, a visitor's cookie choice, a request's changes, and an erasure (of
    /// another subject, so the first one's contact points can still be opened when the log is judged).
    private async Task EveryKindOfChangeAsync(TenantHandle t)
    {
        var c = t.Client;
        var api = $"/api/v1/{t.Id}";
        await t.ContactPointsAsync("s1", ["kaikki@example.fi"], ["+358401234567"]);
        await t.ContactPointsAsync("s1", ["kaikki@example.fi", "toinen@example.fi"], ["+358401234567"]);
        await t.RecordAsync("subjects/s1/consents", new { purpose = "market-research", channel = "email", granted = true });
        await t.RecordAsync("subjects/s1/consents", new { purpose = "market-research", channel = "email", granted = false });
        await t.RecordAsync("subjects/s1/objections", new { scope = "direct-marketing", channel = "email" });
        await t.RecordAsync("subjects/s1/objections", new { scope = "direct-marketing", channel = "sms" });
        await t.ContactPointsAsync("s1", ["kaikki@example.fi", "kolmas@example.fi"], ["+358401234567"]);
        await t.RecordAsync("subjects/s1/objections", new { scope = "direct-marketing", channel = "email", lifted = true });
        await t.RecordAsync("subjects/s1/objections", new { scope = "profiling", channel = "all" });
        await t.RecordAsync("newsletters/weekly/subscriptions", new { email = "tilaaja@example.fi", language = "fi" });
        if (t.Id == "kytketty") await t.RecordAsync("newsletters/offers/subscriptions", new { email = "tarjous@example.fi" });
        using (var link = await c.PostJsonAsync($"{api}/unsubscribe-links", new { email = "tilaaja@example.fi", listId = "weekly" }))
        {
            using var browser = _hub.Client();
            using var unsubscribed = await browser.PostAsync(new Uri((await link.JsonAsync()).GetProperty("url").GetString()!), Form(("List-Unsubscribe", "One-Click")));
            Assert.True(unsubscribed.IsSuccessStatusCode);
        }
        await t.RecordAsync("subjects/s1/restriction", new { restricted = true, reason = "oikeellisuus kiistetty" });
        await t.RecordAsync("subjects/s1/restriction", new { restricted = false });
        await t.RecordAsync("subjects/s1/visitors", new { visitorId = $"v-{t.Id}-0001" });
        using (var browser = _hub.Client())
        using (var banner = await browser.SendAsync(Browser(HttpMethod.Post, $"{api}/banner/consents", t.SiteKey,
            json: new { visitorId = $"v-{t.Id}-0001", categories = new { analytics = true, marketing = false }, policyVersion = "2026-01-01", action = "save" })))
            Assert.Equal(HttpStatusCode.Created, banner.StatusCode);
        string request;
        using (var received = await c.PostJsonAsync($"{api}/requests", new { subjectId = "s1", type = "access", identityVerifiedBy = "allekirjoitettu kirje" }))
            request = (await received.JsonAsync()).GetProperty("id").GetString()!;
        await t.RecordAsync($"requests/{request}/extend", new { reason = "Laaja pyyntö" });
        await t.RecordAsync($"requests/{request}/complete", new { });
        await t.ContactPointsAsync("s2", ["poistuva@example.fi"]);
        using (var erased = await c.DeleteAsync($"{api}/subjects/s2")) Assert.Equal(HttpStatusCode.Accepted, erased.StatusCode);
    }

    private async Task<List<StoredEvent>> LogAsync()
    {
        var feed = _hub.Services.GetRequiredService<IEventFeed>();
        var all = new List<StoredEvent>();
        for (var page = await feed.ReadAllAsync(0, 500, null, CancellationToken.None); page.Count > 0; page = await feed.ReadAllAsync(page[^1].Position, 500, null, CancellationToken.None))
            all.AddRange(page);
        return all;
    }
}
