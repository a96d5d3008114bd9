using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Banner;
using ConsentHub.Domain.Catalog;
using ConsentHub.Hub.Banner;
using ConsentHub.Hub.Tenants;

namespace ConsentHub.Api.Tests.Stores;

/// A visitor's and a tenant's state read back from their snapshots are the states folded from their events.
public sealed class VisitorAndTenantSnapshotTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 30, 0, 123, TimeSpan.Zero);

    private static EventMeta Meta(string request, int minutes) => new(request, "hash-" + request, T0.AddMinutes(minutes));

    [Fact]
    public void A_visitors_state_reads_back_from_its_snapshot()
    {
        var choice = new VisitorEvent.CookiesRecorded(new([new CookieChoice("analytics", true), new CookieChoice("marketing", false)]), "v3", "sv",
            "save", Gpc: true, new Evidence(Ip: new Sealed("c2VhbGVkLWlw")), Meta("choice", 1));
        var folded = new VisitorEvent[] { new VisitorEvent.Linked("s-1", Meta("link", 0)), choice, new VisitorEvent.Linked("s-2", Meta("relink", 2)) }
            .Aggregate(VisitorState.Initial, VisitorDecider.Evolve);
        var read = VisitorStateCodec.Instance.Decode(VisitorStateCodec.Instance.Encode(folded));

        Assert.Equal((folded.Version, folded.ChoiceVersion, folded.SubjectId), (read.Version, read.ChoiceVersion, read.SubjectId));
        Assert.Equal(folded.Choice, read.Choice);
        Assert.Equal(folded.Requests.OrderBy(r => r.Key, StringComparer.Ordinal), read.Requests.OrderBy(r => r.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void A_tenants_state_reads_back_from_its_snapshot()
    {
        var definition = JsonSerializer.Deserialize<TenantDefinition>(JsonSerializer.Serialize(Catalogs.Tenant("acme")), Json.Options)!;
        var folded = new TenantEvent[]
        {
            new TenantEvent.Defined(definition, Meta("define", 0)),
            new TenantEvent.ApiKeyIssued("Key-A", "sha", new(["write"]), Meta("key-a", 1)),
            new TenantEvent.ApiKeyIssued("key-b", "sha", new(["read"]), Meta("key-b", 2)),
            new TenantEvent.ApiKeyRevoked("Key-A", Meta("revoke", 3)),
            new TenantEvent.SubscriptionCreated("Sub-1", "https://crm.example/hook", new(["consent.granted"]), new Sealed("c2VjcmV0"), Meta("sub", 4)),
            new TenantEvent.SubscriptionEnded("Sub-1", Meta("end", 5)),
        }.Aggregate(TenantState.Initial, TenantDecider.Evolve);
        var read = TenantStateCodec.Instance.Decode(TenantStateCodec.Instance.Encode(folded));

        Assert.Equal(folded.Version, read.Version);
        Assert.Equal(JsonSerializer.Serialize(folded.Definition, Json.Options), JsonSerializer.Serialize(read.Definition, Json.Options));
        Assert.Equal(folded.Keys.OrderBy(k => k.Key, StringComparer.Ordinal), read.Keys.OrderBy(k => k.Key, StringComparer.Ordinal));
        Assert.Equal(folded.Subscriptions.OrderBy(k => k.Key, StringComparer.Ordinal), read.Subscriptions.OrderBy(k => k.Key, StringComparer.Ordinal));
        Assert.Equal(folded.Requests.OrderBy(r => r.Key, StringComparer.Ordinal), read.Requests.OrderBy(r => r.Key, StringComparer.Ordinal));
    }
}
