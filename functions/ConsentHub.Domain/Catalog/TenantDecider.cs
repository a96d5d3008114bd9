using System.Collections.Immutable;
using System.Diagnostics;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;

namespace ConsentHub.Domain.Catalog;

public sealed record TenantState(long Version, TenantDefinition? Definition, ImmutableDictionary<string, RequestRecord> Requests)
{
    public static readonly TenantState Initial = new(0, null, ImmutableDictionary<string, RequestRecord>.Empty);

    /// CRM subscriptions by id: true while active, false once ended.
    public ImmutableDictionary<string, bool> Subscriptions { get; init; } = ImmutableDictionary<string, bool>.Empty;

    /// Api keys by id: true while active, false once revoked.
    public ImmutableDictionary<string, bool> Keys { get; init; } = ImmutableDictionary<string, bool>.Empty;
}

public abstract record TenantCommand
{
    private TenantCommand() { }
    public abstract EventMeta Meta { get; init; }

    /// Create: the definition with its first api key and site key.
    public sealed record Create(TenantDefinition Definition, TenantEvent.ApiKeyIssued ApiKey, TenantEvent.SiteKeyIssued SiteKey, EventMeta Meta) : TenantCommand;
    public sealed record Replace(TenantDefinition Definition, EventMeta Meta) : TenantCommand;
    public sealed record IssueKey(TenantEvent.ApiKeyIssued ApiKey, EventMeta Meta) : TenantCommand;
    public sealed record RevokeKey(string KeyId, EventMeta Meta) : TenantCommand;
    public sealed record CreateSubscription(TenantEvent.SubscriptionCreated Subscription, int Limit, EventMeta Meta) : TenantCommand;
    public sealed record EndSubscription(string SubscriptionId, EventMeta Meta) : TenantCommand;
}

public abstract record TenantOutcome
{
    private TenantOutcome() { }
    public sealed record Done : TenantOutcome;
    public sealed record Replayed(RequestRecord First) : TenantOutcome;
    public sealed record KeyReused : TenantOutcome;
    public sealed record AlreadyExists : TenantOutcome;
    public sealed record NotFound : TenantOutcome;
    public sealed record SubscriptionNotFound : TenantOutcome;
    public sealed record KeyNotFound : TenantOutcome;
    public sealed record SubscriptionLimitReached(int Limit) : TenantOutcome;
}

public static class TenantDecider
{
    public static (TenantOutcome, TenantEvent[]) Decide(TenantCommand command, TenantState state)
    {
        if (state.Requests.TryGetValue(command.Meta.RequestId, out var first))
            return first.RequestHash == command.Meta.RequestHash ? (new TenantOutcome.Replayed(first), []) : (new TenantOutcome.KeyReused(), []);
        return command switch
        {
            TenantCommand.Create when state.Definition is not null => (new TenantOutcome.AlreadyExists(), []),
            TenantCommand.Create c => (new TenantOutcome.Done(), [new TenantEvent.Defined(c.Definition, c.Meta), c.ApiKey, c.SiteKey]),
            _ when state.Definition is null => (new TenantOutcome.NotFound(), []),
            TenantCommand.Replace r => (new TenantOutcome.Done(), [new TenantEvent.Defined(r.Definition, r.Meta)]),
            TenantCommand.IssueKey k => (new TenantOutcome.Done(), [k.ApiKey]),
            TenantCommand.RevokeKey r when !state.Keys.ContainsKey(r.KeyId) => (new TenantOutcome.KeyNotFound(), []),
            TenantCommand.RevokeKey r when !state.Keys[r.KeyId] => (new TenantOutcome.Done(), []),   // revoking it again changes nothing
            TenantCommand.RevokeKey r => (new TenantOutcome.Done(), [new TenantEvent.ApiKeyRevoked(r.KeyId, r.Meta)]),
            TenantCommand.CreateSubscription c when state.Subscriptions.Count(s => s.Value) >= c.Limit => (new TenantOutcome.SubscriptionLimitReached(c.Limit), []),
            TenantCommand.CreateSubscription c => (new TenantOutcome.Done(), [c.Subscription]),
            TenantCommand.EndSubscription e when !state.Subscriptions.ContainsKey(e.SubscriptionId) => (new TenantOutcome.SubscriptionNotFound(), []),
            TenantCommand.EndSubscription e when !state.Subscriptions[e.SubscriptionId] => (new TenantOutcome.Done(), []),   // ending it again changes nothing
            TenantCommand.EndSubscription e => (new TenantOutcome.Done(), [new TenantEvent.SubscriptionEnded(e.SubscriptionId, e.Meta)]),
            _ => throw new UnreachableException($"Unhandled {command.GetType().Name}"),
        };
    }

    public static TenantState Evolve(TenantState s, TenantEvent e) => (e switch
    {
        TenantEvent.Defined d => s with { Definition = d.Definition },
        TenantEvent.ApiKeyIssued k => s with { Keys = s.Keys.SetItem(k.KeyId, true) },
        TenantEvent.ApiKeyRevoked r => s with { Keys = s.Keys.SetItem(r.KeyId, false) },
        TenantEvent.SubscriptionCreated c => s with { Subscriptions = s.Subscriptions.SetItem(c.SubscriptionId, true) },
        TenantEvent.SubscriptionEnded ended => s with { Subscriptions = s.Subscriptions.SetItem(ended.SubscriptionId, false) },
        _ => s,
    }) with
    {
        Version = s.Version + 1,
        Requests = RequestRecord.Remember(s.Requests, e.Meta, s.Version),
    };
}
