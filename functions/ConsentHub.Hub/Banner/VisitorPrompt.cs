using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Banner;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Ledger;

namespace ConsentHub.Hub.Banner;

/// When the banner must ask again, and when a subject's own statements keep marketing cookies off.
public static class VisitorPrompt
{
    /// Null when the stored choice still holds; else why the banner must ask.
    public static string? Decide(TenantDefinition tenant, VisitorChoice? choice, DateTimeOffset now)
    {
        if (choice is null) return "no-choice";
        if (choice.PolicyVersion != tenant.PolicyVersion) return "policy-changed";
        // A choice is asked again after 12 months (the supervisory authorities' common guidance).
        if (choice.At.AddMonths(12) <= now) return "expired";
        if (tenant.CookieCategories.Any(c => !c.Required && !choice.Categories.Any(x => x.Category == c.Id))) return "categories-changed";
        return null;
    }

    /// A direct-marketing objection covering e-mail (or all channels), a profiling objection or a restriction of processing.
    public static bool MarketingBlocked(IEnumerable<PartyState> subject) => subject.Any(s =>
        s.Restricted || s.Objects(ObjectionScopes.DirectMarketing, Channels.Email) || s.Objections.Keys.Any(k => k.Scope == "profiling"));
}
