using ConsentHub.Domain.Catalog;

namespace ConsentHub.Hub.Propagation;

/// What the log reader knows of a change before it reads anything: its tenant and the tenant's catalog, its event's
/// type (LedgerEvent, VisitorEvent or RequestEvent subtype) and its version in its stream (1: nothing came before it).
/// Targets judge from it whether they could have work (IPropagationTarget.MayCare), so the many changes of a bulk
/// import that concern no target are not decoded, folded and opened for nothing.
public sealed record ChangeHead(string Tenant, TenantCatalog Catalog, Type Event, long Version)
{
    public bool Is<T>() => Event == typeof(T);

    /// The first event of its stream: the stream held no statement before it.
    public bool First => Version <= 1;
}
