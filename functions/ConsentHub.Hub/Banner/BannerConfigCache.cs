using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ConsentHub.Contracts.Api;
using ConsentHub.Domain.Catalog;

namespace ConsentHub.Hub.Banner;

/// A tenant's banner config and its ETag per language, made once per tenant definition: a banner revalidates on
/// every page view, and the answer (mostly 304) must not rebuild and hash the config each time. Keyed by the catalog
/// instance, which a changed definition replaces (TenantRegistry), and by the language the config is in, one of the
/// tenant's (never the text a stranger asked for).
public static class BannerConfigCache
{
    private static readonly ConditionalWeakTable<TenantCatalog, ConcurrentDictionary<string, (BannerConfigView View, string ETag)>> Made = [];

    public static (BannerConfigView View, string ETag) For(TenantCatalog catalog, string? askedLanguage)
    {
        var language = BannerConfig.LanguageOf(catalog.Definition, askedLanguage);
        return Made.GetOrCreateValue(catalog).GetOrAdd(language, static (lang, catalog) =>
        {
            var view = BannerConfig.Build(catalog, lang);
            return (view, BannerConfig.ETagOf(view));
        }, catalog);
    }
}
