using System.Collections.Immutable;
using System.Text.Json;
using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Storage;

namespace ConsentHub.Hub.Tenants;

/// A tenant stream's state in a snapshot. NB: stored format: add members, never rename them (bump Schema otherwise).
public sealed class TenantStateCodec : IStateCodec<TenantState>
{
    public static readonly TenantStateCodec Instance = new();

    public string Type => "tenant";

    public int Schema => 1;

    private sealed record Form(long Version, TenantDefinition? Definition, IReadOnlyDictionary<string, bool> Subscriptions, IReadOnlyDictionary<string, bool> Keys);

    public string Encode(TenantState state) => StateSnapshotJson.Encode(
        JsonSerializer.SerializeToElement(new Form(state.Version, state.Definition, state.Subscriptions, state.Keys), Json.Options), state.Requests);

    public TenantState Decode(string state) => StateSnapshotJson.Decode(state, (element, requests) =>
    {
        var form = element.Deserialize<Form>(Json.Options) ?? throw new JsonException("no tenant state");
        return new TenantState(form.Version, form.Definition, requests)
        {
            Subscriptions = form.Subscriptions.ToImmutableDictionary(StringComparer.Ordinal),
            Keys = form.Keys.ToImmutableDictionary(StringComparer.Ordinal),
        };
    });

    public long VersionOf(TenantState state) => state.Version;
}
