using ConsentHub.Contracts.Events;

namespace ConsentHub.Domain.Catalog;

/// A tenant's catalog with the lookups the rules need.
public sealed class TenantCatalog(TenantDefinition definition)
{
    public const string NewsletterPrefix = "newsletter:";

    private readonly Dictionary<string, PurposeDefinition> _purposes = definition.Purposes.ToDictionary(p => p.Id);
    private readonly Dictionary<string, NewsletterDefinition> _newsletters = definition.Newsletters.ToDictionary(n => n.Id);

    public TenantDefinition Definition { get; } = definition;

    public PurposeDefinition? Purpose(string id) => _purposes.GetValueOrDefault(id);

    public NewsletterDefinition? Newsletter(string id) => _newsletters.GetValueOrDefault(id);

    /// `direct-marketing`, purposes flagged `marketing` and distance selling (a form of direct marketing in the law's
    /// words: "suoramainonta, etämyynti ja muu suoramarkkinointi") fall under a direct-marketing prohibition.
    public static bool IsMarketing(PurposeDefinition purpose) =>
        purpose.Id is ObjectionScopes.DirectMarketing or ObjectionScopes.DistanceSelling || purpose.Marketing == true
        || (purpose.Bans ?? default).Any(b => b is ObjectionScopes.DirectMarketing or ObjectionScopes.DistanceSelling);

    /// A purpose the check understands: a catalog purpose or `newsletter:{list}`.
    public bool Knows(string purpose) =>
        purpose.StartsWith(NewsletterPrefix, StringComparison.Ordinal)
            ? _newsletters.ContainsKey(purpose[NewsletterPrefix.Length..])
            : _purposes.ContainsKey(purpose);
}
