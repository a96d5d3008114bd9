using System.Collections.Immutable;
using System.Text.Json;
using ConsentHub.Domain.Ledger;

namespace ConsentHub.Hub.Storage;

/// The JSON of a state snapshot: `{"state": …, "requests": [[id, hash, version, ticks, offset minutes, events], …]}`.
/// The requests a stream remembers grow with it, so they are bare arrays, written and read without a serializer.
public static class StateSnapshotJson
{
    public static string Encode(JsonElement state, ImmutableDictionary<string, RequestRecord> requests)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("state");
            state.WriteTo(writer);
            writer.WriteStartArray("requests");
            foreach (var (id, r) in requests)
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

    public static T Decode<T>(string snapshot, Func<JsonElement, ImmutableDictionary<string, RequestRecord>, T> build)
    {
        using var document = JsonDocument.Parse(snapshot);
        var root = document.RootElement;
        var requests = ImmutableDictionary.CreateBuilder<string, RequestRecord>();
        foreach (var r in root.GetProperty("requests").EnumerateArray())
        {
            var at = new DateTimeOffset(r[3].GetInt64(), TimeSpan.FromMinutes(r[4].GetInt32()));
            requests.Add(r[0].GetString()!, new RequestRecord(r[1].GetString()!, r[2].GetInt64(), at, r[5].GetInt32()));
        }
        return build(root.GetProperty("state"), requests.ToImmutable());
    }
}
