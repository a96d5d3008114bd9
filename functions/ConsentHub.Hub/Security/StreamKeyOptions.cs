using System.ComponentModel.DataAnnotations;

namespace ConsentHub.Hub.Security;

/// `ConsentHub:StreamKeys`: how many unwrapped stream keys an instance keeps in memory, and for how long.
/// CacheSeconds is the bound within which an erasure made on another instance takes effect for reads here
/// (writes ask the key store every time); 0 keeps no unwrapped key at all.
public sealed class StreamKeyOptions
{
    public const string Section = "ConsentHub:StreamKeys";

    [Range(0, 300)]
    public int CacheSeconds { get; set; } = 30;

    [Range(1, 1_000_000)]
    public int CacheSize { get; set; } = 10_000;
}
