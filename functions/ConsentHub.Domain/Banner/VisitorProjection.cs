using System.Diagnostics;
using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Projections;

namespace ConsentHub.Domain.Banner;

/// The latest cookie choice as the banner reads it: no evidence (IP address, user agent), only what is shown back.
public sealed record VisitorChoice(EquatableArray<CookieChoice> Categories, string? PolicyVersion, bool Gpc, DateTimeOffset At, string RequestId,
    EquatableArray<ServiceChoice>? Services = null);

/// What the banner routes and the events feed read of a visitor: the latest choice and the linked subject.
public sealed record VisitorBanner(string? SubjectId, VisitorChoice? Choice);

public static class VisitorProjection
{
    /// Inline: a browser that records its choice and asks for it again (the next page) is answered from the view at
    /// once, on every store; the feed repairs a view a crash left behind.
    public static readonly ViewProjection<VisitorEvent, VisitorBanner> Declaration =
        new("visitor", "visitor", ProjectionLifecycle.Inline, Evolve, _ => null);

    public static VisitorBanner Evolve(VisitorBanner? view, VisitorEvent e) => e switch
    {
        VisitorEvent.CookiesRecorded c => (view ?? Empty) with { Choice = ChoiceOf(c) },
        VisitorEvent.Linked l => (view ?? Empty) with { SubjectId = l.SubjectId },
        _ => throw new UnreachableException($"Unhandled {e.GetType().Name}"),
    };

    /// The view of a decided state, for the inline write (the same as folding `Evolve` over the stream).
    public static VisitorBanner? Of(VisitorState s) => s.Version == 0 ? null : new(s.SubjectId, s.Choice is { } c ? ChoiceOf(c) : null);

    private static readonly VisitorBanner Empty = new(null, null);

    private static VisitorChoice ChoiceOf(VisitorEvent.CookiesRecorded c) => new(c.Categories, c.PolicyVersion, c.Gpc, c.Meta.At, c.Meta.RequestId, c.Services);
}
