namespace ConsentHub.Domain.Storage;

/// A decider's folded state kept beside its stream's tip, as of `Version` (the end of a commit). `Type` and `Schema`
/// name the codec that wrote `State`.
public sealed record Snapshot(long Version, string Type, int Schema, string State)
{
    /// A snapshot kept with an append must be the state at the version the append reaches.
    public static void RequireAt(Snapshot? snapshot, long version)
    {
        if (snapshot is not null && snapshot.Version != version)
            throw new ArgumentException($"A snapshot kept with an append is the state at version {version}, not {snapshot.Version}", nameof(snapshot));
    }
}

/// How one state type is kept in a snapshot. A snapshot is a cache, never the truth: one of another type or schema,
/// or one that does not decode to a state at its version, is ignored and the stream refolded. Bump `Schema` whenever
/// the encoded form or the fold changes meaning, so that old snapshots are refolded rather than misread.
public interface IStateCodec<TState>
{
    string Type { get; }
    int Schema { get; }
    string Encode(TState state);
    TState Decode(string state);
    long VersionOf(TState state);

    /// A change after which an older snapshot must not stand (an erasure): the write keeps a new one at once.
    bool Supersedes(TState before, TState after) => false;
}
