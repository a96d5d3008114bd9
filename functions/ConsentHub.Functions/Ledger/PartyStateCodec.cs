using System.Collections.Immutable;
using System.Text.Json;
using ConsentHub.Contracts;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Functions.Projections.Cosmos;

namespace ConsentHub.Functions.Ledger;

/// A person's stream state in a snapshot: the views' JSON form of it plus the requests the stream remembers (they
/// decide replays, so a snapshot without them would answer an old request's retry as a new one). It holds what the
/// events hold, sealed values sealed; an erasure keeps a new snapshot at once, so the kept state is the erased one.
public sealed class PartyStateCodec : IStateCodec<PartyState>
{
    public static readonly PartyStateCodec Instance = new();

    public string Type => "party";

    public int Schema => 1;

    private sealed record Form(JsonElement Party, IReadOnlyList<Request> Requests);

    private sealed record Request(string Id, string Hash, long Version, DateTimeOffset At, int Events);

    public string Encode(PartyState state) => JsonSerializer.Serialize(new Form(PartyStateJson.From(state),
        [.. state.Requests.Select(r => new Request(r.Key, r.Value.RequestHash, r.Value.Version, r.Value.At, r.Value.Events))]), Json.Options);

    public PartyState Decode(string state)
    {
        var form = JsonSerializer.Deserialize<Form>(state, Json.Options) ?? throw new JsonException("no snapshot");
        return PartyStateJson.To(form.Party) with
        {
            Requests = form.Requests.ToImmutableDictionary(r => r.Id, r => new RequestRecord(r.Hash, r.Version, r.At, r.Events)),
        };
    }

    public long VersionOf(PartyState state) => state.Version;

    public bool Supersedes(PartyState before, PartyState after) => !before.Erased && after.Erased;
}
