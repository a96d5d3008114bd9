using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Projections;
using ConsentHub.Hub.Storage;

namespace ConsentHub.Hub.Ledger;

/// One statement of a batch (WriteManyAsync), as WriteAsync takes it.
public sealed record LedgerLine(StreamId Stream, string RequestId, Func<Seal, LedgerCommand> Build, Func<Seal, LedgerEvent.ContactIdentified>? Identify);

/// Many people's statements in one commit, for the bulk import on SQLite. One query tells each stream's key, tombstone
/// and version; each stream's statements are decided in order on the state kept at its tip (a new stream's is the
/// initial one), and every stream's events, new key and views go to the store as one piece of work, each stream under
/// its own savepoint. Nothing is read back. A stream this process has not folded, or that another writer moved, is
/// written as WriteAsync writes it, one statement after another, as is one whose append the store refused (a
/// version or a first key taken meanwhile); an erased stream's statements are refused. The answers are WriteAsync's.
public sealed partial class LedgerService
{
    /// Whether WriteManyAsync commits many streams at once (SQLite); on Cosmos DB it writes each statement as WriteAsync.
    public bool Batches => together is not null;

    /// The outcome of each line, in order. Lines of one stream are written in their order.
    public async Task<LedgerOutcome[]> WriteManyAsync(IReadOnlyList<LedgerLine> lines, CancellationToken ct)
    {
        var outcomes = new LedgerOutcome[lines.Count];
        var byStream = new Dictionary<StreamId, List<int>>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (!byStream.TryGetValue(lines[i].Stream, out var indexes)) byStream[lines[i].Stream] = indexes = [];
            indexes.Add(i);
        }
        var apart = new List<StreamId>();
        if (together is null) apart.AddRange(byStream.Keys);
        else await WriteTogetherAsync(together, lines, byStream, outcomes, apart, ct);
        await Task.WhenAll(apart.Select(async stream =>
        {
            foreach (var i in byStream[stream])
                outcomes[i] = (await WriteAsync(stream, lines[i].RequestId, lines[i].Build, lines[i].Identify, ct)).Outcome;
        }));
        return outcomes;
    }

    private async Task WriteTogetherAsync(SqliteLedgerCommit store, IReadOnlyList<LedgerLine> lines, Dictionary<StreamId, List<int>> byStream,
        LedgerOutcome[] outcomes, List<StreamId> apart, CancellationToken ct)
    {
        var probes = await store.ProbeAsync(byStream.Keys, ct);
        var appends = new List<BatchAppend>();
        var decidedOf = new List<DeciderRunner<LedgerEvent, PartyState>.Decided<LedgerOutcome>>();
        foreach (var (stream, indexes) in byStream)
        {
            var probe = probes[stream];
            if (probe.Erased)
            {
                foreach (var i in indexes) outcomes[i] = new LedgerOutcome.SubjectErased();
                continue;
            }
            var (seal, key) = await sealer.ForWriteWithKeyAsync(stream, probe.WrappedKey, ct);
            var decisions = indexes.Select(i =>
            {
                var (command, identity) = Build(lines[i].Build, lines[i].Identify, seal);
                return Decide(command, identity);
            }).ToList();
            if (_runner.DecideAt(stream, probe.Version, decisions, e => e.Meta) is not { } decided)
            {
                apart.Add(stream);
                continue;
            }
            for (var k = 0; k < indexes.Count; k++) outcomes[indexes[k]] = decided.Results[k];
            if (decided.Events.Count == 0) continue;
            appends.Add(new BatchAppend(stream, decided.ExpectedVersion, decided.Events, decided.Snapshot, key,
                PartyViews.RowsOf(stream, decided.Before, decided.After)));
            decidedOf.Add(decided);
        }
        if (appends.Count == 0) return;
        var stored = await store.AppendManyAsync(appends, ct);
        for (var j = 0; j < appends.Count; j++)
        {
            var stream = appends[j].Stream;
            switch (stored[j])
            {
                case BatchOutcome.Ok:
                    sealer.Committed(stream, appends[j].Key);
                    _runner.Committed(stream, decidedOf[j]);
                    parties.Observe(appends[j].Views, decidedOf[j].After);
                    break;
                case BatchOutcome.Erased:
                    foreach (var i in byStream[stream]) outcomes[i] = new LedgerOutcome.SubjectErased();
                    break;
                default:
                    apart.Add(stream);   // nothing of it was written: decided again on the stream as stored
                    break;
            }
        }
    }
}
