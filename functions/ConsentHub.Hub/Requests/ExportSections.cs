using ConsentHub.Contracts.Api;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Security;

namespace ConsentHub.Hub.Requests;

/// The sections of an export read from the streams themselves: statements with their evidence, the linked browsers'
/// banner receipts, and the erasure. Personal data is opened while its key exists and is absent (null) after.
public sealed class ExportSections(IEventStore store, Sealer sealer)
{
    /// The consent, objection, newsletter and restriction statements of a stream, oldest first; `contact` names the
    /// contact point a bare contact point's stream speaks for.
    public async Task<(List<StatementExport> Statements, ExportErasure? Erasure)> StatementsAsync(StreamId stream, string? contact, CancellationToken ct)
    {
        var open = await sealer.OpenerAsync(stream, ct);
        var statements = new List<StatementExport>();
        ExportErasure? erasure = null;
        foreach (var stored in (await store.ReadStreamAsync(stream, ct)).Events)
        {
            var e = EventCodec.Decode<LedgerEvent>(stored.Type, stored.Data);
            StatementExport Of(string kind, string item, string? channel, string value, string? policy, Evidence? evidence) =>
                new(stored.EventId, kind, item, channel, value, e.Meta.At, e.Meta.Source, policy, evidence is null ? null : EvidenceOf(evidence, open), contact);
            var statement = e switch
            {
                LedgerEvent.ConsentGranted g => Of("consent", g.Purpose, g.Channel, "granted", g.PolicyVersion, g.Evidence),
                LedgerEvent.ConsentWithdrawn w => Of("consent", w.Purpose, w.Channel, "withdrawn", w.PolicyVersion, w.Evidence),
                LedgerEvent.ObjectionRecorded o => Of("objection", o.Scope, o.Channel, "recorded", null, o.Evidence),
                LedgerEvent.ObjectionLifted l => Of("objection", l.Scope, l.Channel, "lifted", null, l.Evidence),
                LedgerEvent.NewsletterSubscribed n => Of("newsletter", n.ListId, "email", n.Confirmed ? "subscribed" : "pending", null, n.Evidence),
                LedgerEvent.NewsletterConfirmed c => Of("newsletter", c.ListId, "email", "confirmed", null, c.Evidence),
                LedgerEvent.NewsletterUnsubscribed u => Of("newsletter", u.ListId, "email", "unsubscribed", null, u.Evidence),
                LedgerEvent.RestrictionChanged r => Of("restriction", "processing", null, r.Restricted ? "restricted" : "unrestricted", null, null),
                _ => null,
            };
            if (statement is not null) statements.Add(statement);
            if (e is LedgerEvent.SubjectErased x)
                erasure = new ExportErasure(x.Meta.At, x.Erased is { } erased ? [.. erased] : null, x.Held is { } held ? [.. held] : [], x.HeldUntil);
        }
        return (statements, erasure);
    }

    /// The cookie choices of one browser, oldest first.
    public async Task<List<BannerReceiptExport>> ReceiptsAsync(string tenant, string visitorId, CancellationToken ct)
    {
        var stream = StreamId.Visitor(tenant, visitorId);
        var open = await sealer.OpenerAsync(stream, ct);
        var receipts = new List<BannerReceiptExport>();
        foreach (var stored in (await store.ReadStreamAsync(stream, ct)).Events)
            if (EventCodec.Decode<VisitorEvent>(stored.Type, stored.Data) is VisitorEvent.CookiesRecorded c)
                receipts.Add(new BannerReceiptExport(visitorId, stored.EventId, c.Meta.At, c.Categories.ToDictionary(k => k.Category, k => k.Allowed),
                    c.PolicyVersion, c.Language, c.Action, c.Gpc, EvidenceOf(c.Evidence, open), c.Services?.ToDictionary(k => k.Service, k => k.Allowed)));
        return receipts;
    }

    private static EvidenceExport? EvidenceOf(Evidence evidence, Func<Sealed?, string?> open) =>
        evidence == Evidence.None ? null : new(evidence.TextSha256, open(evidence.Ip), open(evidence.UserAgent), open(evidence.RecordedBy));
}
