using System.Globalization;
using ConsentHub.Contracts;
using ConsentHub.Contracts.Api;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Holds;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Domain.Validation;
using ConsentHub.Hub.Feed;
using ConsentHub.Hub.Http;
using ConsentHub.Hub.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConsentHub.Hub.Requests;

/// A legal hold as `DELETE …/subjects/{id}` takes it: what to keep (HeldData), why, and until when.
public sealed record ErasureHold(EquatableArray<string> Keep, string Reason, DateTimeOffset Until)
{
    /// Holds longer than this are refused: ten years covers the Finnish Accounting Act's bookkeeping period.
    public static readonly int MaxYears = 10;

    /// No body: no hold (the erasure is as it always was). A body that does not hold a valid hold is a 400.
    public static async Task<(ErasureHold? Hold, ProblemHttpResult? Problem)> ReadAsync(HttpContext http, DateTimeOffset now)
    {
        if (http.Request.ContentLength is null or 0 && http.Request.Headers.TransferEncoding.Count == 0) return (null, null);
        var (body, problem) = await RequestBodies.ReadAsync<ErasureHoldBody>(http);
        if (problem is not null) return (null, problem);
        var (keepNames, reason, until) = body!.Value;
        var errors = new Errors();
        var keep = keepNames is { Count: > 0 and <= 10 } && keepNames.All(k => k is not null) ? HeldData.Resolve(keepNames) : null;
        if (keep is null) errors.Add("keep", $"must name 1 to 10 of: {string.Join(", ", HeldData.Keepable.Keys)}");
        if (string.IsNullOrWhiteSpace(reason)) errors.Add("reason", "is required: why the data must outlive the erasure");
        errors.Add("reason", Ids.TextProblem(reason, 2000));
        var at = Parse(until);
        if (at is null) errors.Add("until", "is required: a date (YYYY-MM-DD, kept through that day) or an RFC 3339 time");
        else if (at <= now) errors.Add("until", "must be in the future");
        else if (at > now.AddYears(MaxYears)) errors.Add("until", $"must be at most {MaxYears} years away");
        return errors.Any ? (null, Problems.Validation(errors.ToDictionary())) : (new ErasureHold(keep!.Value, reason!, at!.Value), null);
    }

    private static DateTimeOffset? Parse(string? until) =>
        until is null ? null
        : DateOnly.TryParseExact(until, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
        : DateTimeOffset.TryParse(until, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) && until.Contains('T', StringComparison.Ordinal) ? time.ToUniversalTime()
        : null;

    /// The held data in clear, read while the subject's keys exist; it is sealed with the hold's key before it is stored.
    public static async Task<Dictionary<string, object?>> CopyAsync(IEventStore store, Sealer sealer, PartyState subject, StreamId subjectStream,
        IReadOnlyList<StreamId> contactStreams, EquatableArray<string> keep, CancellationToken ct)
    {
        var held = new Dictionary<string, object?>();
        if (keep.Contains(HeldData.ContactPoints))
        {
            var open = await sealer.OpenerAsync(subjectStream, ct);
            held["emails"] = EventViews.Open(subject.Emails, open);
            held["phones"] = EventViews.Open(subject.Phones, open);
            if (subject.Push.Count > 0) held["push"] = EventViews.Open(subject.Push, open);
        }
        if (keep.Contains(HeldData.Evidence))
        {
            var evidence = new List<Dictionary<string, string?>>();
            foreach (var stream in contactStreams.Prepend(subjectStream))
            {
                var open = await sealer.OpenerAsync(stream, ct);
                foreach (var stored in (await store.ReadStreamAsync(stream, ct)).Events)
                    if (EvidenceOf(EventCodec.Decode<LedgerEvent>(stored.Type, stored.Data)) is { } e && e != Evidence.None)
                        evidence.Add(new() { ["eventId"] = stored.EventId, ["textSha256"] = e.TextSha256, ["ip"] = open(e.Ip), ["userAgent"] = open(e.UserAgent), ["recordedBy"] = open(e.RecordedBy) });
            }
            held["evidence"] = evidence;
        }
        return held;
    }

    private static Evidence? EvidenceOf(LedgerEvent e) => e switch
    {
        LedgerEvent.ConsentGranted g => g.Evidence,
        LedgerEvent.ConsentWithdrawn w => w.Evidence,
        LedgerEvent.ObjectionRecorded o => o.Evidence,
        LedgerEvent.ObjectionLifted l => l.Evidence,
        LedgerEvent.NewsletterSubscribed n => n.Evidence,
        LedgerEvent.NewsletterConfirmed c => c.Evidence,
        LedgerEvent.NewsletterUnsubscribed u => u.Evidence,
        LedgerEvent.PreferenceLinkRequested r => r.Evidence,
        _ => null,
    };
}
