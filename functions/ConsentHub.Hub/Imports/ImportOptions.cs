using System.ComponentModel.DataAnnotations;

namespace ConsentHub.Hub.Imports;

/// `ConsentHub:Imports`: the bulk import's limits and pace (README "Bulk import").
public sealed class ImportOptions
{
    public const string Section = "ConsentHub:Imports";

    /// The largest body one import takes (the 256 KiB limit of other routes does not apply); past it the import stops, 413.
    [Range(1024, long.MaxValue)] public long MaxBytes { get; set; } = 8L * 1024 * 1024 * 1024;

    /// A longer line is rejected by number and the import goes on.
    [Range(256, 16 * 1024 * 1024)] public int MaxLineBytes { get; set; } = 64 * 1024;

    /// Lines written at once: each worker takes the lines of its share of the people in order, so the store's group
    /// commit gathers the workers' appends.
    [Range(1, 4096)] public int Workers { get; set; } = 128;

    /// Imports running at once on one instance; another is 429.
    [Range(1, 64)] public int MaxRunning { get; set; } = 4;

    /// How many rejected lines an import keeps with their problems (all are counted).
    [Range(1, 100_000)] public int KeptRejected { get; set; } = 1000;

    /// How often a running import saves its progress (a restart loses no more than this of what it shows).
    public TimeSpan SaveInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// On Cosmos DB, where several instances serve one store: a running import whose progress was not saved for this
    /// long is taken for interrupted.
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(30);
}
