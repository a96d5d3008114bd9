using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Domain.Validation;
using ConsentHub.Hub.Projections;
using ConsentHub.Hub.Projections.Views;
using ConsentHub.Hub.Security;
using ConsentHub.Hub.Tenants;

namespace ConsentHub.Hub.Checks;

/// A group of companies shares direct-marketing prohibitions (README "Tenant groups"): a check in one member that
/// shares also hears the prohibitions recorded for the same contact point in every other member that shares.
/// Contact points are hashed with each tenant's own key, so the lookup is by the clear contact point the check was
/// asked about, hashed with each member's key, in that member's party views: the same views (and the same
/// persistence across restarts, on every store) as the member's own checks, and no second copy of anyone's data.
/// Only direct-marketing objections travel: other bans cover a member's own purposes, and erasure, consents and
/// restrictions are each controller's own. Membership is the operator's word alone: only the operator defines
/// tenants (`/api/v1/admin/tenants`), and both sides must share, so no tenant can read another's prohibitions by
/// naming its group.
/// Who the members are: an instance on Cosmos DB reads a tenant's definition only when first asked for it, so the
/// tenants that hold any party views are listed from the view store (again after `Fresh`, as tenant definitions are
/// read again) and each one's definition is made sure of; a tenant with no views has no prohibition to share.
public sealed class GroupProhibitions(TenantRegistry tenants, ITenantSource source, IViewStore views, PartyViews parties, ContactHasher hasher, Sealer sealer,
    TimeProvider clock)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(30);
    private sealed record Listed(IReadOnlyList<string> Tenants, DateTimeOffset ReadAt);
    private Listed? _listed;

    /// The other sharing members' direct-marketing prohibitions for a contact point, each member's as one state
    /// holding only those (so the decision table ranks them like the tenant's own); none outside a sharing group.
    public async Task<IReadOnlyList<PartyState>> StatesAsync(string tenant, TenantCatalog catalog, ContactPoint contact, CancellationToken ct)
    {
        if (catalog.Definition.Group is not { SharesProhibitions: true } group) return [];
        var shared = new List<PartyState>();
        foreach (var member in (await MembersAsync(group.Id, ct)).Where(m => m != tenant))
            foreach (var state in await parties.ForContactAsync(member, hasher.Hash(member, contact), ct))
            {
                var prohibitions = state.Objections.RemoveRange(state.Objections.Keys.Where(k => k.Scope != ObjectionScopes.DirectMarketing));
                if (!prohibitions.IsEmpty) shared.Add(PartyState.Initial with { Objections = prohibitions });
            }
        return shared;
    }

    /// For `subject:{id}`: the shared prohibitions of each of the subject's contact points, opened with the subject's key
    /// (an erased subject's no longer open, and its checks answer `erased` anyway). The sealed values are read with the
    /// subject's state from the store: the state a check decided on comes from memory, which keeps none.
    public async Task<IReadOnlyList<PartyState>> ForSubjectAsync(string tenant, TenantCatalog catalog, string subjectId, PartyState? decided, CancellationToken ct)
    {
        if (!Shares(catalog) || decided is null || await parties.SubjectAsync(tenant, subjectId, ct) is not { } subject) return [];
        var open = await sealer.OpenerAsync(StreamId.Subject(tenant, subjectId), ct);
        var shared = new List<PartyState>();
        var listed = subject.Emails.Select(c => (ContactKind.Email, c)).Concat(subject.Phones.Select(c => (ContactKind.Phone, c))).Concat(subject.Push.Select(c => (ContactKind.Push, c)));
        foreach (var (kind, contact) in listed)
            if (open(contact.Value) is { } clear) shared.AddRange(await StatesAsync(tenant, catalog, new ContactPoint(kind, clear), ct));
        return shared;
    }

    public bool Shares(TenantCatalog catalog) => catalog.Definition.Group is { SharesProhibitions: true };

    private async Task<List<string>> MembersAsync(string group, CancellationToken ct)
    {
        var members = new List<string>();
        foreach (var tenant in await TenantsAsync(ct))
        {
            await source.EnsureAsync(tenant, refresh: false, ct);
            if (tenants.Find(tenant)?.Catalog.Definition.Group is { SharesProhibitions: true } g && g.Id == group) members.Add(tenant);
        }
        return members;
    }

    private async Task<IReadOnlyList<string>> TenantsAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_listed is { } listed && now - listed.ReadAt < Fresh) return listed.Tenants;
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var kind in new[] { PartyProjection.LinkKind, PartyProjection.Contacts.Kind })
            found.UnionWith(await views.TenantsAsync(kind, ct));
        _listed = new Listed([.. found], now);
        return _listed.Tenants;
    }
}
