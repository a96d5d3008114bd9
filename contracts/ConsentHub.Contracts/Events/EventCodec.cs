using System.Reflection;
using System.Text.Json;

namespace ConsentHub.Contracts.Events;

/// <summary>Encodes events to their wire name and JSON, and decodes them back; unknown types fail closed.</summary>
public static class EventCodec
{
    private static readonly Dictionary<Type, string> NamesByType = [];
    private static readonly Dictionary<string, Type> TypesByName = new(StringComparer.Ordinal);

    static EventCodec()
    {
        foreach (var type in typeof(LedgerEvent).Assembly.GetTypes())
        {
            if (type.GetCustomAttribute<EventTypeAttribute>() is { } attribute)
            {
                NamesByType[type] = attribute.WireName;
                TypesByName[attribute.WireName] = type;
            }
        }
    }

    /// <summary>Every wire name the hub knows.</summary>
    public static IReadOnlyCollection<string> WireNames => TypesByName.Keys;

    /// <summary>The CLR type of a wire name, if known.</summary>
    public static Type? TypeOf(string wireName) => TypesByName.GetValueOrDefault(wireName);

    /// <summary>The wire name of an event.</summary>
    public static string WireName(object e) =>
        NamesByType.TryGetValue(e.GetType(), out var name) ? name : throw new ArgumentException($"{e.GetType().Name} has no [EventType]");

    /// <summary>Wire name and JSON of an event.</summary>
    public static (string Type, string Data) Encode(object e) => (WireName(e), JsonSerializer.Serialize(e, e.GetType(), Json.Options));

    // Fail closed: skipping an unknown event in a consent stream could resurrect a withdrawn consent.
    /// <summary>Decodes a stored event of type <typeparamref name="T"/>; throws on an unknown wire name.</summary>
    public static T Decode<T>(string type, string data) where T : class =>
        TypesByName.TryGetValue(type, out var clr) && typeof(T).IsAssignableFrom(clr)
            ? (T)JsonSerializer.Deserialize(data, clr, Json.Options)!
            : throw new UnknownEventTypeException(type);
}

/// <summary>A stored event whose wire name this version of the hub does not know.</summary>
public sealed class UnknownEventTypeException(string type) : Exception($"Unknown event type '{type}'")
{
    /// <summary>The unknown wire name.</summary>
    public string Type { get; } = type;
}
