using ConsentHub.Hub.Security;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ConsentHub.Contracts;
using ConsentHub.Contracts.Api;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;

namespace ConsentHub.Hub.Banner;

public static class BannerConfig
{
    public const string MarketingCategory = "marketing";

    /// The language of a request: the asked one where the tenant has it, else the tenant's default.
    public static string LanguageOf(TenantDefinition tenant, string? asked)
    {
        var lang = (asked ?? "").Split('-', '_')[0].ToLowerInvariant();
        return tenant.Languages.Contains(lang) ? lang : tenant.DefaultLanguage;
    }

    public static BannerConfigView Build(TenantCatalog catalog, string? askedLanguage)
    {
        var t = catalog.Definition;
        var lang = LanguageOf(t, askedLanguage);
        var wording = BannerTexts.For(lang, t.Name);
        var own = t.Banner?.Texts?.GetValueOrDefault(lang);
        var texts = new Dictionary<string, string>
        {
            ["title"] = own?.Title ?? wording.Title,
            ["body"] = own?.Body ?? wording.Body,
            ["acceptAll"] = wording.AcceptAll,
            ["rejectAll"] = wording.RejectAll,
            ["settings"] = wording.Settings,
            ["save"] = wording.Save,
            ["choose"] = wording.Choose,
            ["alwaysOn"] = wording.AlwaysOn,
            ["gpc"] = wording.Gpc,
            ["privacy"] = wording.Privacy,
            ["later"] = wording.Later,
        };
        var embeds = BannerTexts.Embeds(lang);
        texts["embed"] = embeds.Embed;
        texts["embedAny"] = embeds.EmbedAny;
        texts["load"] = embeds.Load;
        texts["allow"] = embeds.Allow;
        var categories = t.CookieCategories.Select(c =>
        {
            var known = BannerTexts.Category(c.Id, lang);
            return new BannerCategory(c.Id, c.Required, Localized(c.Names, lang, t.DefaultLanguage) ?? known?.Name ?? c.Id,
                Localized(c.Descriptions, lang, t.DefaultLanguage) ?? known?.Description, [.. c.Cookies],
                [.. (c.Services ?? default).Select(x => new BannerService(x.Id, x.Name, x.Provider, x.PrivacyUrl, [.. x.Cookies]))]);
        }).ToList();
        return new BannerConfigView(t.Id, t.Name, lang, [.. t.Languages], t.PolicyVersion, t.Banner?.PrivacyPolicyUrl, t.Banner?.CookieDomain,
            texts, categories, ConsentModeOf(t), t.Banner?.ConsentMode ?? "advanced");
    }

    /// Google Consent Mode v2: which category grants each of the seven types; null leaves a type denied.
    public static IReadOnlyDictionary<string, string?> ConsentModeOf(TenantDefinition t)
    {
        var ids = t.CookieCategories.Select(c => c.Id).ToHashSet();
        var necessary = t.CookieCategories.FirstOrDefault(c => c.Required)?.Id;
        string? First(params string[] candidates) => candidates.FirstOrDefault(ids.Contains);
        var marketing = First(MarketingCategory, "advertising");
        return new Dictionary<string, string?>
        {
            ["ad_storage"] = marketing,
            ["ad_user_data"] = marketing,
            ["ad_personalization"] = marketing,
            ["analytics_storage"] = First("analytics", "statistics", "performance"),
            ["functionality_storage"] = First("functional", "preferences") ?? necessary,
            ["personalization_storage"] = First("personalization", "preferences") ?? marketing,
            ["security_storage"] = necessary,
        };
    }

    /// The SHA-256 of the wording a person was shown: kept in the receipt as proof of what they agreed to.
    public static string WordingSha256(BannerConfigView view) => Hashes.Sha256Hex(
        string.Join('\n', view.Texts.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Value)
            .Concat(view.Categories.Select(c => $"{c.Id}:{c.Name}:{c.Description}"))
            .Concat(view.Categories.SelectMany(c => c.Services ?? []).Select(x => $"{x.Id}:{x.Name}:{x.Provider}"))));

    public static string ETagOf(BannerConfigView view) =>
        "\"" + Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(view, Json.Options)))[..32] + "\"";

    private static string? Localized(IReadOnlyDictionary<string, string>? texts, string lang, string fallback) =>
        texts?.GetValueOrDefault(lang) ?? texts?.GetValueOrDefault(fallback);
}
