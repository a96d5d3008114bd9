using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using System.Text.Json;
using ConsentHub.Contracts;
using ConsentHub.Hub.Storage;

namespace ConsentHub.Hub.Ledger;

/// A person's stream state in a snapshot: the party views' JSON form of it (PartyView) plus the requests the stream remembers (they
/// decide replays, so a snapshot without them would answer an old request's retry as a new one). It holds what the
/// events hold, sealed values sealed; an erasure keeps a new snapshot at once, so the kept state is the erased one.
public sealed class PartyStateCodec : IStateCodec<PartyState>
{
    public static readonly PartyStateCodec Instance = new();

    public string Type => "party";

    public int Schema => 1;

    public string Encode(PartyState state) => StateSnapshotJson.Encode(JsonSerializer.SerializeToElement(PartyView.Of(state), Json.Options), state.Requests);

    public PartyState Decode(string state) =>
        StateSnapshotJson.Decode(state, (party, requests) => party.Deserialize<PartyView>(Json.Options)!.ToState() with { Requests = requests });

    public long VersionOf(PartyState state) => state.Version;

    public bool Supersedes(PartyState before, PartyState after) => !before.Erased && after.Erased;
}
