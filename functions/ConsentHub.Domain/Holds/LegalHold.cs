using System.Diagnostics;
using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Projections;

namespace ConsentHub.Domain.Holds;

/// What an erasure may keep under a legal hold (`keep` in `DELETE …/subjects/{id}`), and what it always shreds.
/// Names a controller uses for the purpose of the hold map to the kinds of data they need.
public static class HeldData
{
    public const string ContactPoints = "contact-points";
    public const string Evidence = "evidence";
    public const string BannerReceipts = "banner-receipts";
    public const string RestrictionReason = "restriction-reason";

    /// Every kind of personal data an erasure shreds, in the order CRMs are told.
    public static readonly IReadOnlyList<string> All = [ContactPoints, Evidence, BannerReceipts, RestrictionReason];

    /// The names `keep` accepts: the kinds themselves, and purposes that need them (open invoices and debt collection
    /// need the addresses; a legal claim also needs the proof of what the person said and when).
    public static readonly IReadOnlyDictionary<string, string[]> Keepable = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [ContactPoints] = [ContactPoints],
        [Evidence] = [Evidence],
        ["invoicing"] = [ContactPoints],
        ["debt-collection"] = [ContactPoints],
        ["legal-claims"] = [ContactPoints, Evidence],
    };

    /// The kinds `keep` names, in the order of `All`; null when a name is unknown.
    public static EquatableArray<string>? Resolve(IEnumerable<string> keep)
    {
        var kinds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in keep)
        {
            if (!Keepable.TryGetValue(name, out var mapped)) return null;
            kinds.UnionWith(mapped);
        }
        return new EquatableArray<string>(All.Where(kinds.Contains));
    }
}

/// What the retention step reads of a hold: whom it concerns, what it keeps, until when, and whether it is shredded.
public sealed record HoldSummary(string SubjectId, EquatableArray<string> Keep, DateTimeOffset Until, DateTimeOffset PlacedAt, DateTimeOffset? ShreddedAt);

public static class HoldProjection
{
    /// Inline (written by the erasure before it answers); only holds not yet shredded are in the due index, by their date.
    public static readonly ViewProjection<HoldEvent, HoldSummary> Declaration =
        new("legal-hold", "hold", ProjectionLifecycle.Inline, Evolve, h => h.ShreddedAt is null ? h.Until : null);

    public static HoldSummary Evolve(HoldSummary? view, HoldEvent e) => (view, e) switch
    {
        (null, HoldEvent.Placed p) => new(p.SubjectId, p.Keep, p.Until, p.Meta.At, null),
        (not null, HoldEvent.Placed) => view,   // a hold is placed once per erased subject: a second one changes nothing
        (null, _) => throw new InvalidOperationException($"{e.GetType().Name} before the hold was placed"),
        (_, HoldEvent.Shredded s) => view with { ShreddedAt = s.Meta.At },
        _ => throw new UnreachableException($"Unhandled {e.GetType().Name}"),
    };
}
