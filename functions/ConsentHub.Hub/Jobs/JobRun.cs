namespace ConsentHub.Hub.Jobs;

/// What a scheduled job did, line by line as it logged them; `Count` is what it found or pruned.
public sealed record JobRun(int Count, IReadOnlyList<string> Lines);
