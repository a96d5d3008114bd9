using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Domain.Validation;
using ConsentHub.Hub.Feed;
using ConsentHub.Hub.Security;
using ConsentHub.Hub.Tenants;

namespace ConsentHub.Hub.Propagation;

/// Builds what targets see of a change, opening its contact points with the stream's key at delivery time
/// (so an erasure in between leaves nothing to send).
public sealed class ChangeContexts(IEventStore store, TenantRegistry tenants, ITenantSource tenantSource, Sealer sealer, Http.PublicUrls publicUrls)
{
    public Task<ChangeContext?> BuildAsync(StoredEvent stored, CancellationToken ct) => BuildAsync(stored, null, ct);

    /// What the log reader knows of a change before reading anything (ChangeHead): null for a stream no target hears
    /// of, a tenant not defined, or an event type this hub does not know (that one is prepared, and dead-lettered).
    public async Task<ChangeHead?> HeadAsync(StoredEvent stored, CancellationToken ct)
    {
        if (!Readable(stored.Stream) || EventCodec.TypeOf(stored.Type) is not { } type) return null;
        await tenantSource.EnsureAsync(stored.Stream.Tenant, false, ct);
        return tenants.Find(stored.Stream.Tenant) is { } tenant ? new ChangeHead(stored.Stream.Tenant, tenant.Catalog, type, stored.Version) : null;
    }

    /// The streams whose changes are built from their history (the starter's own propagation streams are not).
    public static bool Readable(StreamId stream) => stream.IsSubject || stream.IsContact || stream.IsVisitor || stream.IsRequest;

    /// `known`: the change's whole stream as already read (up to the change at least), so it is not read again; the
    /// contact points are still opened with the stream's key now, so an erasure in between leaves nothing to send.
    /// `decoded`: the change's ledger event where the caller decoded it already.
    public async Task<ChangeContext?> BuildAsync(StoredEvent stored, StreamSlice? known, CancellationToken ct, LedgerEvent? decoded = null)
    {
        StreamSlice? Known() => known is { } k && k.Version >= stored.Version ? k : null;
        if (!Readable(stored.Stream)) return null;
        await tenantSource.EnsureAsync(stored.Stream.Tenant, false, ct);
        if (tenants.Find(stored.Stream.Tenant) is not { } tenant) return null;
        if (stored.Stream.IsVisitor) return await VisitAsync(stored, tenant.Catalog, Known(), ct);
        if (stored.Stream.IsRequest) return await RequestAsync(stored, tenant.Catalog, Known(), ct);
        var e = decoded ?? EventCodec.Decode<LedgerEvent>(stored.Type, stored.Data);
        if (e is LedgerEvent.ContactIdentified) return null;
        var history = Known() ?? await store.ReadStreamAsync(stored.Stream, ct);
        var party = LedgerDecider.Fold(history.Events.TakeWhile(h => h.Version <= stored.Version).Select(h => EventCodec.Decode<LedgerEvent>(h.Type, h.Data)));
        var open = await sealer.OpenerAsync(stored.Stream, ct);
        var contacts = new List<ContactPoint>();
        string? own = null;
        if (party.Identity is { } identity)
        {
            own = open(identity.Contact.Value);
            if (own is not null) contacts.Add(new ContactPoint(ContactPoint.KindOf(identity.Kind), own));
        }
        contacts.AddRange(EventViews.Open(party.Emails, open).Select(v => new ContactPoint(ContactKind.Email, v)));
        contacts.AddRange(EventViews.Open(party.Phones, open).Select(v => new ContactPoint(ContactKind.Phone, v)));
        // The configured base wherever there is one (always outside Development); a stored origin only in Development.
        var baseUrl = publicUrls.Configured?.ToString() ?? e.Meta.Origin ?? "http://localhost";
        return new ChangeContext(stored.Stream.Tenant, tenant.Catalog, stored, e, party, stored.Stream.IsSubject ? stored.Stream.Key : null,
            contacts, CloudEvents.From(stored, e, open, own), new Uri(baseUrl.TrimEnd('/') + "/"), Earlier: Earlier(e, history, stored));
    }

    /// What the subject's stream gave CRMs before a change of its contact points (nothing is needed for other changes).
    private static List<EarlierCloudEvent>? Earlier(LedgerEvent e, StreamSlice history, StoredEvent stored)
    {
        if (e is not LedgerEvent.ContactPointsChanged || !stored.Stream.IsSubject) return null;
        var earlier = new List<EarlierCloudEvent>();
        foreach (var h in history.Events.TakeWhile(h => h.Version < stored.Version))
            if (EventViews.CloudEventType(EventCodec.Decode<LedgerEvent>(h.Type, h.Data)) is { } type) earlier.Add(new(type, h.RecordedAt));
        return earlier;
    }

    /// A cookie choice, with the CloudEvent the pull feed gives for it; the visitor's link to a subject as of the choice.
    private async Task<ChangeContext?> VisitAsync(StoredEvent stored, Domain.Catalog.TenantCatalog catalog, StreamSlice? known, CancellationToken ct)
    {
        var e = EventCodec.Decode<VisitorEvent>(stored.Type, stored.Data);
        if (e is not VisitorEvent.CookiesRecorded) return null;
        var history = known ?? await store.ReadStreamAsync(stored.Stream, ct);
        var subjectId = history.Events.TakeWhile(h => h.Version <= stored.Version).Select(h => EventCodec.Decode<VisitorEvent>(h.Type, h.Data))
            .Aggregate(Domain.Banner.VisitorState.Initial, Domain.Banner.VisitorDecider.Evolve).SubjectId;
        var open = await sealer.OpenerAsync(stored.Stream, ct);
        var baseUrl = publicUrls.Configured?.ToString() ?? e.Meta.Origin ?? "http://localhost";
        return new ChangeContext(stored.Stream.Tenant, catalog, stored, null, PartyState.Initial, subjectId, [],
            CloudEvents.From(stored, e, open, subjectId), new Uri(baseUrl.TrimEnd('/') + "/"), e);
    }

    /// An extension, completion or refusal of a request, with what the person is told: the reason opened from its seal,
    /// and the subject's e-mail addresses as they are now (a notice goes to today's address, and to none once erased).
    /// A receipt tells nobody: the person who filed it saw the confirmation page, and the controller recorded the rest.
    private async Task<ChangeContext?> RequestAsync(StoredEvent stored, Domain.Catalog.TenantCatalog catalog, StreamSlice? known, CancellationToken ct)
    {
        var e = EventCodec.Decode<RequestEvent>(stored.Type, stored.Data);
        if (e is RequestEvent.Received) return null;
        var history = known ?? await store.ReadStreamAsync(stored.Stream, ct);
        var state = history.Events.TakeWhile(h => h.Version <= stored.Version).Select(h => EventCodec.Decode<RequestEvent>(h.Type, h.Data))
            .Aggregate(Domain.Requests.RequestState.Initial, Domain.Requests.DsrDecider.Evolve);
        if (state.Received is not { } received) return null;
        var open = await sealer.OpenerAsync(stored.Stream, ct);
        var reason = e switch { RequestEvent.Extended x => open(x.Reason), RequestEvent.Rejected r => open(r.Reason), _ => null };
        var subject = StreamId.Subject(stored.Stream.Tenant, received.SubjectId);
        var party = LedgerDecider.Fold((await store.ReadStreamAsync(subject, ct)).Events.Select(h => EventCodec.Decode<LedgerEvent>(h.Type, h.Data)));
        var emails = party.Erased ? [] : EventViews.Open(party.Emails, await sealer.OpenerAsync(subject, ct));
        var baseUrl = publicUrls.Configured?.ToString() ?? e.Meta.Origin ?? "http://localhost";
        return new ChangeContext(stored.Stream.Tenant, catalog, stored, null, PartyState.Initial, received.SubjectId, [], null,
            new Uri(baseUrl.TrimEnd('/') + "/"), Request: new Requests.RequestNotice(e, received, reason, state.DueAt ?? received.DueAt, party.Erased, emails));
    }

    public async Task<ChangeContext?> LoadAsync(string tenant, PropagationEvent.Started change, CancellationToken ct)
    {
        var name = change.ChangeStream;
        var slice = await store.ReadStreamAsync(new StreamId(tenant, name), ct);
        return slice.Events.FirstOrDefault(e => e.Version == change.ChangeVersion) is { } stored ? await BuildAsync(stored, slice, ct) : null;
    }
}
