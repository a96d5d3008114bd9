using System.Collections.Immutable;
using System.Text.Json;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Functions.Projections.Cosmos;

namespace ConsentHub.Functions.Ledger;

/// A person's stream state in a snapshot: the views' JSON form of it plus the requests the stream remembers (they
/// decide replays, so a snapshot without them would answer an old request's retry as a new one). It holds what the
/// events hold, sealed values sealed; an erasure keeps a new snapshot at once, so the kept state is the erased one.
/// The requests grow with the stream, so each is a bare array `[id, hash, version, ticks, offset minutes, events]`.
public sealed class PartyStateCodec : IStateCodec<PartyState>
{
    public static readonly PartyStateCodec Instance = new();

    public string Type => "party";

    public int Schema => 1;

    public string Encode(PartyState state)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("party");
            PartyStateJson.From(state).WriteTo(writer);
            writer.WriteStartArray("requests");
            foreach (var (id, r) in state.Requests)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(id);
                writer.WriteStringValue(r.RequestHash);
                writer.WriteNumberValue(r.Version);
                writer.WriteNumberValue(r.At.Ticks);
                writer.WriteNumberValue((int)r.At.Offset.TotalMinutes);
                writer.WriteNumberValue(r.Events);
                writer.WriteEndArray();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public PartyState Decode(string state)
    {
        using var document = JsonDocument.Parse(state);
        var root = document.RootElement;
        var requests = ImmutableDictionary.CreateBuilder<string, RequestRecord>();
        foreach (var r in root.GetProperty("requests").EnumerateArray())
        {
            var at = new DateTimeOffset(r[3].GetInt64(), TimeSpan.FromMinutes(r[4].GetInt32()));
            requests.Add(r[0].GetString()!, new RequestRecord(r[1].GetString()!, r[2].GetInt64(), at, r[5].GetInt32()));
        }
        return PartyStateJson.To(root.GetProperty("party")) with { Requests = requests.ToImmutable() };
    }

    public long VersionOf(PartyState state) => state.Version;

    public bool Supersedes(PartyState before, PartyState after) => !before.Erased && after.Erased;
}
