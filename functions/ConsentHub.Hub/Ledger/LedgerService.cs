using ConsentHub.Contracts.Api;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Projections;
using ConsentHub.Hub.Security;
using ConsentHub.Hub.Storage;

namespace ConsentHub.Hub.Ledger;

/// Seals a value with the stream's key; `evidence` (an IP address, a user agent) also with the day's evidence key (Sealer).
public delegate Sealed? Seal(string? text, bool evidence = false);

public sealed record LedgerWrite(LedgerOutcome Outcome, PartyState State, StreamId Stream, string RequestId)
{
    /// The answer to a recorded statement, the same for its first write and every replay.
    public RecordedResponse Response()
    {
        var record = State.Requests[RequestId];
        return new RecordedResponse(EventIds.For(Stream, RequestId, record.Events - 1), record.Version, record.At);
    }
}

/// Writes to people's streams: seals personal data with the stream's key, decides, appends with retries on
/// conflict, and returns only after the party views hold the write (read-your-writes for checks).
/// On SQLite (`together`) a write is one commit: a new stream's key, its events and its views go in the same
/// transaction, and the decision is made on the state this process keeps at the stream's tip (DeciderRunner), so a
/// write neither commits its key apart nor reads back what it wrote. On Cosmos DB the key is stored first and the
/// views after the append.
public sealed partial class LedgerService(IEventStore store, PartyViews parties, Sealer sealer, SqliteLedgerCommit? together = null)
{
    private const int KeyRaces = 5;
    private readonly DeciderRunner<LedgerEvent, PartyState> _runner = new(store, PartyState.Initial, LedgerDecider.Evolve, PartyStateCodec.Instance);
    private readonly SemaphoreSlim[] _stripes = [.. Enumerable.Range(0, 256).Select(_ => new SemaphoreSlim(1, 1))];

    /// The stream's state as it was at a version (to answer a replay as the first time): the state at the tip when
    /// the stream has not moved past that version, else the events folded up to it.
    public async Task<PartyState> LoadAsync(StreamId stream, long version, CancellationToken ct)
    {
        var tip = await _runner.LoadAsync(stream, ct);
        return tip.Version <= version ? tip : LedgerDecider.Fold((await store.ReadStreamAsync(stream, ct)).Events
            .TakeWhile(e => e.Version <= version).Select(e => EventCodec.Decode<LedgerEvent>(e.Type, e.Data)));
    }

    /// `sealsData` false: the command holds no personal data, so no key is made (an erasure must not make a new one).
    public async Task<LedgerWrite> WriteAsync(StreamId stream, string requestId, Func<Seal, LedgerCommand> build,
        Func<Seal, LedgerEvent.ContactIdentified>? identify, CancellationToken ct, bool sealsData = true)
    {
        if (together is null) return await WriteApartAsync(stream, requestId, build, identify, sealsData, ct);
        for (var race = 1; ; race++)
        {
            PendingKey? key = null;
            Func<string?, bool, Sealed?>? sealFor = null;
            long? version = null;
            if (sealsData)
            {
                // One read for the stream's key, its tombstone and its version: a new stream is then decided on the initial
                // state with no read of its (absent) snapshot and events. The commit checks the version and tombstone again.
                var probe = await together.ProbeAsync(stream, ct);
                // An erased stream has no key and gets none: the write is refused before anything is built or decided.
                if (probe.Erased)
                {
                    sealer.Erased(stream);
                    return await ErasedAsync(stream, requestId, ct);
                }
                (sealFor, key) = await sealer.ForWriteWithKeyAsync(stream, probe.WrappedKey, ct);
                version = probe.Version;
            }
            var (command, identity) = Build(build, identify, sealFor);
            var stripe = await EnterAsync(stream, ct);
            try
            {
                IReadOnlyList<Projections.Views.ViewRow> views = [];
                var decided = PartyState.Initial;
                var written = await _runner.TransactAsync(stream, Decide(command, identity), e => e.Meta, ct,
                    (s, expected, events, snapshot, before, after, c) =>
                    {
                        (views, decided) = (PartyViews.RowsOf(s, before, after), after);
                        return together.AppendAsync(s, expected, events, snapshot, key, views, c);
                    }, version);
                if (written.LastPosition is not null)
                {
                    if (key is not null) sealer.Committed(stream, key);
                    parties.Observe(views, decided);
                }
                return new LedgerWrite(written.Result, written.State, stream, requestId);
            }
            catch (AppendRefusedException refused) when (refused.Reason == SqliteLedgerCommit.Erased)
            {
                return await ErasedAsync(stream, requestId, ct);
            }
            catch (AppendRefusedException refused) when (refused.Reason == SqliteLedgerCommit.KeyTaken && race < KeyRaces)
            {
                // Another writer made the stream's first key at the same moment: seal again with the one it stored.
            }
            finally
            {
                stripe.Release();
            }
        }
    }

    private async Task<LedgerWrite> WriteApartAsync(StreamId stream, string requestId, Func<Seal, LedgerCommand> build,
        Func<Seal, LedgerEvent.ContactIdentified>? identify, bool sealsData, CancellationToken ct)
    {
        var sealFor = sealsData ? await sealer.ForWriteAsync(stream, ct) : null;
        // An erased stream has no key and gets none: the write is refused before anything is built or decided.
        if (sealsData && sealFor is null) return await ErasedAsync(stream, requestId, ct);
        var (command, identity) = Build(build, identify, sealFor);
        var stripe = await EnterAsync(stream, ct);
        try
        {
            var written = await _runner.TransactAsync(stream, Decide(command, identity), e => e.Meta, ct);
            if (written.LastPosition is not null) await parties.WriteAsync(stream, written.State, ct);
            return new LedgerWrite(written.Result, written.State, stream, requestId);
        }
        finally
        {
            stripe.Release();
        }
    }

    private async Task<LedgerWrite> ErasedAsync(StreamId stream, string requestId, CancellationToken ct) =>
        new(new LedgerOutcome.SubjectErased(), await _runner.LoadAsync(stream, ct), stream, requestId);

    private static (LedgerCommand Command, LedgerEvent.ContactIdentified? Identity) Build(Func<Seal, LedgerCommand> build,
        Func<Seal, LedgerEvent.ContactIdentified>? identify, Func<string?, bool, Sealed?>? sealFor)
    {
        Seal seal = (text, evidence) => text is null ? null : sealFor is not null ? sealFor(text, evidence) : throw new InvalidOperationException("this write seals no data");
        return (build(seal), identify?.Invoke(seal));
    }

    private static Func<PartyState, (LedgerOutcome, LedgerEvent[])> Decide(LedgerCommand command, LedgerEvent.ContactIdentified? identity) =>
        state => identity is null ? LedgerDecider.Decide(command, state) : LedgerDecider.DecideForContact(command, identity, state);

    // In-process writers to one stream take turns; the expected-version check still guards other processes.
    private async Task<SemaphoreSlim> EnterAsync(StreamId stream, CancellationToken ct)
    {
        var stripe = _stripes[(stream.GetHashCode() & int.MaxValue) % _stripes.Length];
        await stripe.WaitAsync(ct);
        return stripe;
    }

    public static Evidence EvidenceOf(EvidenceInput? input, Seal seal) => input is null ? Evidence.None : new Evidence(
        input.Text is null ? null : Hashes.Sha256Hex(input.Text),
        seal(input.Ip, evidence: true), seal(input.UserAgent, evidence: true), seal(input.RecordedBy));
}
