using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Security;

namespace ConsentHub.Hub.Tenants;

public sealed record TenantWrite(TenantOutcome Outcome, TenantState State, string? ApiKey, string? SiteKey)
{
    public string? KeyId { get; init; }
}

/// Writes to tenants' own streams: definitions (provider secrets sealed) and keys.
public sealed class TenantService(IEventStore store, ITenantSource source, Sealer sealer, ApiKeys keys, TimeProvider clock)
{
    private const string SealedPrefix = "sealed:";
    private readonly DeciderRunner<TenantEvent, TenantState> _runner = new(store, TenantState.Initial, TenantDecider.Evolve, TenantStateCodec.Instance);

    public async Task<TenantWrite> CreateAsync(TenantDefinition definition, string requestId, string requestHash, CancellationToken ct)
    {
        var meta = new EventMeta(requestId, requestHash, clock.GetUtcNow());
        var apiKey = keys.ApiKeyFor(definition.Id, requestId, "first");
        var siteKey = keys.SiteKeyFor(definition.Id, requestId);
        var command = new TenantCommand.Create(await SealSecretsAsync(definition, ct),
            new TenantEvent.ApiKeyIssued(KeyId(apiKey), ApiKeys.Sha256(apiKey), new(Scopes.All), meta), new TenantEvent.SiteKeyIssued(siteKey, meta), meta);
        var write = await TransactAsync(definition.Id, command, ct);
        return write with { ApiKey = apiKey, SiteKey = siteKey };
    }

    public async Task<TenantWrite> ReplaceAsync(TenantDefinition definition, string requestId, string requestHash, CancellationToken ct) =>
        await TransactAsync(definition.Id, new TenantCommand.Replace(await SealSecretsAsync(definition, ct), new EventMeta(requestId, requestHash, clock.GetUtcNow())), ct);

    public async Task<TenantWrite> IssueKeyAsync(string tenant, IReadOnlyList<string> scopes, string requestId, string requestHash, CancellationToken ct)
    {
        var meta = new EventMeta(requestId, requestHash, clock.GetUtcNow());
        var apiKey = keys.ApiKeyFor(tenant, requestId, "issued");
        var write = await TransactAsync(tenant, new TenantCommand.IssueKey(new TenantEvent.ApiKeyIssued(KeyId(apiKey), ApiKeys.Sha256(apiKey), new(scopes), meta), meta), ct);
        // The secret is shown once: a replay of the request answers the key's id without it.
        return write with { ApiKey = write.Outcome is TenantOutcome.Done ? apiKey : null, KeyId = KeyId(apiKey) };
    }

    public Task<TenantWrite> RevokeKeyAsync(string tenant, string keyId, string requestId, string requestHash, CancellationToken ct) =>
        TransactAsync(tenant, new TenantCommand.RevokeKey(keyId, new EventMeta(requestId, requestHash, clock.GetUtcNow())), ct);

    /// The definition as shown to callers: provider secrets are never shown back.
    public static TenantDefinition Public(TenantDefinition definition) => definition with
    {
        Sendgrid = definition.Sendgrid is null ? null : definition.Sendgrid with { ApiKey = null },
        Twilio = definition.Twilio is null ? null : definition.Twilio with { AuthToken = null },
    };

    /// A stored provider secret in clear, for the adapters that call the provider.
    public async Task<string?> OpenSecretAsync(string tenant, string? stored, CancellationToken ct) =>
        stored is null || !stored.StartsWith(SealedPrefix, StringComparison.Ordinal) ? stored
        : (await sealer.OpenerAsync(StreamId.TenantOf(tenant), ct))(new Sealed(stored[SealedPrefix.Length..]));

    private async Task<TenantWrite> TransactAsync(string tenant, TenantCommand command, CancellationToken ct)
    {
        var written = await _runner.TransactAsync(StreamId.TenantOf(tenant), s => TenantDecider.Decide(command, s), e => e.Meta, ct);
        // The registry learns of this instance's own write here: a new key works and a revoked one stops at once.
        if (written.Result is TenantOutcome.Done) await source.RereadAsync(tenant, ct);
        return new TenantWrite(written.Result, written.State, null, null);
    }

    private async Task<TenantDefinition> SealSecretsAsync(TenantDefinition definition, CancellationToken ct)
    {
        if (definition.Sendgrid?.ApiKey is null && definition.Twilio?.AuthToken is null) return definition;
        var seal = await sealer.ForOwnStreamAsync(StreamId.TenantOf(definition.Id), ct);
        string? Sealed(string? secret) => secret is null ? null : SealedPrefix + seal(secret)!.Value.Value;
        return definition with
        {
            Sendgrid = definition.Sendgrid is null ? null : definition.Sendgrid with { ApiKey = Sealed(definition.Sendgrid.ApiKey) },
            Twilio = definition.Twilio is null ? null : definition.Twilio with { AuthToken = Sealed(definition.Twilio.AuthToken) },
        };
    }

    public static string KeyId(string apiKey) => ApiKeys.Sha256(apiKey)[..12];
}
