using ConsentHub.Contracts.Api;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Projections;
using ConsentHub.Hub.Security;

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
public sealed class LedgerService(IEventStore store, PartyViews parties, Sealer sealer)
{
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
        var sealFor = sealsData ? await sealer.ForWriteAsync(stream, ct) : null;
        // An erased stream has no key and gets none: the write is refused before anything is built or decided.
        if (sealsData && sealFor is null) return new LedgerWrite(new LedgerOutcome.SubjectErased(), await _runner.LoadAsync(stream, ct), stream, requestId);
        Seal seal = (text, evidence) => text is null ? null : sealFor is not null ? sealFor(text, evidence) : throw new InvalidOperationException("this write seals no data");
        var command = build(seal);
        var identity = identify?.Invoke(seal);
        // In-process writers to one stream take turns; the expected-version check still guards other processes.
        var stripe = _stripes[(stream.GetHashCode() & int.MaxValue) % _stripes.Length];
        await stripe.WaitAsync(ct);
        try
        {
            var written = await _runner.TransactAsync(stream,
                state => identity is null ? LedgerDecider.Decide(command, state) : LedgerDecider.DecideForContact(command, identity, state),
                e => e.Meta, ct);
            if (written.LastPosition is not null) await parties.WriteAsync(stream, written.State, ct);
            return new LedgerWrite(written.Result, written.State, stream, requestId);
        }
        finally
        {
            stripe.Release();
        }
    }

    public static Evidence EvidenceOf(EvidenceInput? input, Seal seal) => input is null ? Evidence.None : new Evidence(
        input.Text is null ? null : Hashes.Sha256Hex(input.Text),
        seal(input.Ip, evidence: true), seal(input.UserAgent, evidence: true), seal(input.RecordedBy));
}
