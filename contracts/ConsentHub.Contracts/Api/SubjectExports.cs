using System.Text.Json.Serialization;

namespace ConsentHub.Contracts.Api;

/// <summary>Everything held on a subject (GDPR art. 15 and 20), machine-readable; valid against
/// <c>contracts/schemas/consenthub.subject-export.v1.schema.json</c>. Members may be added within format version 1.</summary>
/// <param name="Schema">The JSON Schema the export is valid against.</param>
/// <param name="FormatVersion">The export format's version: <c>1</c>.</param>
/// <param name="SubjectId">The subject.</param>
/// <param name="ExportedAt">When the export was made.</param>
/// <param name="Erasure">Set once the subject is erased: what went, and what a legal hold keeps until when (never the held data).</param>
/// <param name="Preferences">The current state, as <c>GET …/preferences</c> answers it.</param>
/// <param name="Statements">Every consent, objection, newsletter and restriction statement, oldest first, with its evidence.</param>
/// <param name="BannerReceipts">The cookie choices of the browsers linked to the subject.</param>
/// <param name="Propagations">Where each change of the subject was sent, and how far it got.</param>
/// <param name="Requests">The subject's data subject requests.</param>
/// <param name="History">The subject's events as stored (personal data opened).</param>
/// <param name="ContactPoints">The statements made from the subject's contact points before they were linked to it.</param>
public sealed record SubjectExport(
    [property: JsonPropertyName("$schema")] string Schema, string FormatVersion, string SubjectId, DateTimeOffset ExportedAt, ExportErasure? Erasure,
    PreferencesResponse Preferences, IReadOnlyList<StatementExport> Statements, IReadOnlyList<BannerReceiptExport> BannerReceipts,
    IReadOnlyList<PropagationView> Propagations, IReadOnlyList<RequestView> Requests,
    IReadOnlyList<HistoryEntry> History, IReadOnlyList<ContactPointExport> ContactPoints)
{
    /// <summary>The schema of format version 1.</summary>
    public const string SchemaV1 = "https://consenthub.fi/schemas/consenthub.subject-export.v1.schema.json";
}

/// <summary>A contact point's own statements in an export, with its value in clear.</summary>
public sealed record ContactPointExport(string? Contact, IReadOnlyList<HistoryEntry> Events);

/// <summary>One statement: <c>Kind</c> consent (value granted/withdrawn), objection (recorded/lifted), newsletter
/// (pending/subscribed/confirmed/unsubscribed) or restriction (restricted/unrestricted); <c>Item</c> the purpose,
/// scope or list; <c>Contact</c> the contact point it was made from, when not from the subject itself.</summary>
public sealed record StatementExport(string EventId, string Kind, string Item, string? Channel, string Value, DateTimeOffset At, string? Source,
    string? PolicyVersion, EvidenceExport? Evidence, string? Contact);

/// <summary>Evidence of a statement: the SHA-256 of the wording shown, and IP, user agent and recorder while readable.</summary>
public sealed record EvidenceExport(string? TextSha256, string? Ip, string? UserAgent, string? RecordedBy);

/// <summary>A cookie choice of a browser linked to the subject (the receipt id is the id the banner was given).</summary>
public sealed record BannerReceiptExport(string VisitorId, string ReceiptId, DateTimeOffset At, IReadOnlyDictionary<string, bool> Categories,
    string? PolicyVersion, string? Language, string? Action, bool Gpc, EvidenceExport? Evidence, IReadOnlyDictionary<string, bool>? Services = null);

/// <summary>An erased subject: the kinds of data erased, and those a legal hold keeps sealed until <c>HeldUntil</c>.</summary>
public sealed record ExportErasure(DateTimeOffset ErasedAt, IReadOnlyList<string>? Erased, IReadOnlyList<string> Held, DateTimeOffset? HeldUntil);
