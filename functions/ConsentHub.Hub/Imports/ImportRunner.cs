using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Channels;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Ledger;
using ConsentHub.Hub.Ledger;
using Microsoft.Extensions.Options;

namespace ConsentHub.Hub.Imports;

public enum ImportEnd { Completed, FirstLineDiffers, NoLines }

/// Runs one import as its body streams in: reads line by line (never the whole body), checks each line, and hands
/// valid ones to workers that write them through the ledger as the single routes do. Lines of one person go to one
/// worker in order; many people are in flight at once. On SQLite each worker writes its queued lines of many people
/// as one batch (LedgerService.WriteManyAsync); on Cosmos DB a line at a time, and the store's requests run side by side.
public sealed class ImportRunner(LedgerService ledger, ContactWrites contacts, ImportStatements statements, ImportRecords records,
    IOptions<ImportOptions> options, TimeProvider clock)
{
    /// The start of every imported event's request id (then the import id and the line number): it tells an imported
    /// statement from one the person made through the hub (ChangeContext.Imported).
    public const string RequestIdPrefix = "import:";

    /// Batch workers and the lines each writes at once: a few, so that while one batch commits the next is decided.
    /// A batch's fixed costs (the probe of its streams, its own piece of the writer's commit) are shared by more lines
    /// at 1,024 than at 256: the import's CPU per line fell by about a fifth (import-throughput.sh).
    private const int BatchWorkers = 4, BatchLines = 1024;

    /// `expectedFirstLine`: the first line's hash of an earlier post of this id; another first line ends the run
    /// before anything is written.
    public async Task<ImportEnd> RunAsync(PipeReader body, string tenant, TenantCatalog catalog, ImportProgress progress, string? expectedFirstLine,
        string origin, CancellationToken ct)
    {
        var limits = options.Value;
        // Where the store commits many people's lines at once (SQLite), a few workers each write batches of their
        // people's lines; elsewhere (Cosmos DB) many workers write a line each, and the store's requests run side by side.
        var (count, capacity) = ledger.Batches ? (Math.Min(limits.Workers, BatchWorkers), 2 * BatchLines) : (limits.Workers, 64);
        var queues = Enumerable.Range(0, count)
            .Select(_ => Channel.CreateBounded<ImportWork>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true })).ToArray();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var workers = queues.Select(q => Task.Run(() => WorkAsync(q.Reader, tenant, progress, origin, stop), CancellationToken.None)).ToArray();
        using var saves = new CancellationTokenSource();
        var saver = SaveEveryAsync(progress, limits.SaveInterval, saves.Token);
        var reading = new LineReader(limits.MaxLineBytes);
        var end = ImportEnd.Completed;
        try
        {
            await foreach (var (number, line) in reading.ReadAsync(body, stop.Token))
            {
                if (line is null)
                {
                    progress.LineRead();
                    progress.Reject(number, new Dictionary<string, string[]> { ["$"] = [$"The line is longer than {limits.MaxLineBytes} bytes."] });
                    continue;
                }
                var hash = ImportStatements.HashOf(line);
                if (progress.FirstLineSha256 is null)
                {
                    if (expectedFirstLine is not null && expectedFirstLine != hash) { end = ImportEnd.FirstLineDiffers; break; }
                    progress.FirstLineSha256 = hash;
                    await records.SaveAsync(progress, stop.Token);
                }
                progress.LineRead();
                var (work, errors) = statements.Read(tenant, catalog, number, line, hash);
                if (work is null) { progress.Reject(number, errors!); continue; }
                await queues[(work.Person.GetHashCode() & int.MaxValue) % queues.Length].Writer.WriteAsync(work, stop.Token);
            }
        }
        finally
        {
            foreach (var queue in queues) queue.Writer.TryComplete();
            try
            {
                await Task.WhenAll(workers);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // The caller went away; the import is saved as it stands by the endpoint.
            }
            finally
            {
                await saves.CancelAsync();
                await saver;
            }
        }
        return end == ImportEnd.Completed && progress.FirstLineSha256 is null ? ImportEnd.NoLines : end;
    }

    /// While the import runs, its progress is saved now and then, so GET on another instance (and after a crash) sees it.
    private async Task SaveEveryAsync(ImportProgress progress, TimeSpan interval, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
                if (progress.FirstLineSha256 is not null) await records.SaveAsync(progress, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // the run has ended; the endpoint saves its end
        }
    }

    private async Task WorkAsync(ChannelReader<ImportWork> queue, string tenant, ImportProgress progress, string origin, CancellationTokenSource stop)
    {
        try
        {
            if (ledger.Batches)
            {
                var batch = new List<ImportWork>(BatchLines);
                while (await queue.WaitToReadAsync(stop.Token))
                {
                    batch.Clear();
                    while (batch.Count < BatchLines && queue.TryRead(out var next)) batch.Add(next);
                    var outcomes = await ledger.WriteManyAsync([.. batch.Select(w => LineOf(w, tenant, progress, origin))], stop.Token);
                    for (var i = 0; i < batch.Count; i++) Count(batch[i], outcomes[i], progress);
                }
                return;
            }
            await foreach (var work in queue.ReadAllAsync(stop.Token))
                await WriteAsync(work, tenant, progress, origin, stop.Token);
        }
        catch
        {
            stop.Cancel();   // a failing store stops the whole import: the reader stops taking lines
            throw;
        }
    }

    private async Task WriteAsync(ImportWork work, string tenant, ImportProgress progress, string origin, CancellationToken ct)
    {
        var line = LineOf(work, tenant, progress, origin);
        Count(work, (await ledger.WriteAsync(line.Stream, line.RequestId, line.Build, line.Identify, ct)).Outcome, progress);
    }

    private LedgerLine LineOf(ImportWork work, string tenant, ImportProgress progress, string origin)
    {
        // The line's number under the import's id is its request id: a re-post (a retry, a resume) replays instead of writing twice.
        var requestId = $"{RequestIdPrefix}{progress.Id}:{work.Line}";
        return work.Contact is { } contact
            ? contacts.Line(tenant, contact, requestId, work.Hash, work.Source, origin, (meta, seal) => work.Build(meta with { At = work.At ?? meta.At }, seal))
            : new LedgerLine(work.Subject!.Value, requestId,
                seal => work.Build(new EventMeta(requestId, work.Hash, work.At ?? clock.GetUtcNow(), work.Source, origin), seal), null);
    }

    private static void Count(ImportWork work, LedgerOutcome outcome, ImportProgress progress)
    {
        switch (outcome)
        {
            case LedgerOutcome.Recorded: progress.Written(replayed: false); break;
            case LedgerOutcome.Replayed: progress.Written(replayed: true); break;
            case LedgerOutcome.SubjectErased:
                progress.Reject(work.Line, new Dictionary<string, string[]> { [work.Contact is null ? "subjectId" : "$"] = ["has been erased (410 subject-erased); nothing was recorded"] });
                break;
            case LedgerOutcome.KeyReused:
                progress.Reject(work.Line, new Dictionary<string, string[]> { ["$"] = ["differs from this line of the earlier import with this Idempotency-Key (422 idempotency-key-reused); nothing was recorded"] });
                break;
            default:
                progress.Reject(work.Line, new Dictionary<string, string[]> { ["$"] = [$"was not recorded ({outcome.GetType().Name})"] });
                break;
        }
    }
}
