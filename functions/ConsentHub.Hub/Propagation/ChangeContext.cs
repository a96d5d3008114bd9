using ConsentHub.Contracts.Api;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Domain.Validation;

namespace ConsentHub.Hub.Propagation;

/// One committed change as the propagation targets see it: the event, its tenant's catalog, the contact points it
/// concerns in clear (opened from their sealed values at delivery time) and the CloudEvent CRMs receive.
/// `Party` is the stream's state as of the change, so what a change means does not depend on how late it is read;
/// `Contacts` are that state's contact points (a subject's, or a bare contact point's own).
/// A visitor's cookie choice is a change too: `Event` is null and `Visit` holds it (no party, no contact points;
/// `SubjectId` is the subject the visitor was linked to then), so it reaches CRMs and nothing that sends messages.
/// A data subject request's change is one too: `Event` is null and `Request` holds what the person is told of it
/// (no contact points, no CloudEvent), so it reaches only the target that mails the notice (RequestNoticeTarget).
/// `Earlier`: for a change of a subject's contact points, the CloudEvents the subject's stream gave before it (type
/// and time), so that every CRM that received the old contact points is told of the correction (GDPR art. 19).
public sealed record ChangeContext(
    string Tenant,
    TenantCatalog Catalog,
    StoredEvent Stored,
    LedgerEvent? Event,
    PartyState Party,
    string? SubjectId,
    IReadOnlyList<ContactPoint> Contacts,
    CloudEvent? CloudEvent,
    Uri PublicBaseUrl,
    VisitorEvent? Visit = null,
    IReadOnlyList<EarlierCloudEvent>? Earlier = null,
    Requests.RequestNotice? Request = null)
{
    public string? Source => Event?.Meta.Source ?? Visit?.Meta.Source;

    /// A statement from a bulk import: what the person told the controller earlier, elsewhere. It is passed on to
    /// providers and CRMs as any other, but the hub sends the person nothing for it (they were told when they made it).
    public bool Imported => Event?.Meta.RequestId.StartsWith(Imports.ImportRunner.RequestIdPrefix, StringComparison.Ordinal) == true;

    /// The language of messages this change causes: the person's, where the event names one; else the tenant's default.
    public string Language => (Event as LedgerEvent.NewsletterSubscribed)?.Language is { } lang && Catalog.Definition.Languages.Contains(lang)
        ? lang : Catalog.Definition.DefaultLanguage;

    public IEnumerable<string> Emails => Contacts.Where(c => c.Kind == ContactKind.Email).Select(c => c.Value);

    public IEnumerable<string> Phones => Contacts.Where(c => c.Kind == ContactKind.Phone).Select(c => c.Value);
}

/// A CloudEvent a stream gave before a change: its type and when it was recorded.
public readonly record struct EarlierCloudEvent(string Type, DateTimeOffset At);
