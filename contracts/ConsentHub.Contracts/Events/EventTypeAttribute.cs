namespace ConsentHub.Contracts.Events;

/// <summary>The stored wire name and schema version of an event: never derived from the CLR name.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EventTypeAttribute(string name, int version) : Attribute
{
    /// <summary>The wire name without version, e.g. <c>consent.granted</c>.</summary>
    public string Name { get; } = name;

    /// <summary>The schema version.</summary>
    public int Version { get; } = version;

    /// <summary>The stored type, e.g. <c>consent.granted/v1</c>.</summary>
    public string WireName => $"{Name}/v{Version}";
}
