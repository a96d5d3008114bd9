using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;

namespace ConsentHub.Domain.Checks;

/// Which bans cover a purpose in a check: the table README.md ("Bans") and the OpenAPI description publish.
/// A ban is only as good as its meaning, so the meaning is the tenant's explicit word (`bans` on a purpose, or a
/// purpose named after the scope), never a guess from the purpose's name or channels; the one inference is the law's:
/// distance selling is a form of direct marketing ("suoramainonta, etämyynti ja muu suoramarkkinointi").
public static class ObjectionCoverage
{
    /// `direct-marketing` covers every newsletter and every marketing purpose (TenantCatalog.IsMarketing: its id,
    /// `marketing: true`, or `bans` naming direct-marketing or distance-selling).
    public static bool ByDirectMarketing(PurposeDefinition? purpose) => purpose is null || TenantCatalog.IsMarketing(purpose);

    /// Every other ban that covers a purpose, in the order a check names it: the purpose's own id (an objection to the
    /// purpose itself, or a scope the purpose is named after), then the scopes its `bans` declare.
    public static IEnumerable<string> Scopes(PurposeDefinition purpose) =>
        new[] { purpose.Id }.Concat((purpose.Bans ?? default).Where(b => b != ObjectionScopes.DirectMarketing)).Distinct(StringComparer.Ordinal);
}
