using System.Net;
using Microsoft.AspNetCore.Http;
using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Browser.Tests.Kit;

/// Pages of the test site for per-service choices, embed placeholders and Google's tags. What they mark is fetched
/// from SitePage's counting route `/t/{tenant}/{name}`, so a test reads what was (not) requested.
public static class ServicePages
{
    public static void Map(WebApplication app, Uri hub)
    {
        // Two analytics services, a marketing script and two embeds of one marketing service, and an embed naming no service.
        app.MapGet("/services", (string lang, string tenant, string key) => Page(hub, lang, tenant, key, t => $$"""
            <script type="text/plain" data-consenthub-category="analytics" data-consenthub-service="ga4" src="{{t}}/ga4.js"></script>
            <script type="text/plain" data-consenthub-category="analytics" data-consenthub-service="matomo" src="{{t}}/matomo.js"></script>
            <script type="text/plain" data-consenthub-category="marketing" data-consenthub-service="meta-pixel" src="{{t}}/pixel.js"></script>
            <iframe id="yt" data-consenthub-category="marketing" data-consenthub-service="youtube" data-src="{{t}}/yt" title="video"></iframe>
            <iframe id="map" data-consenthub-category="marketing" data-src="{{t}}/map" title="map"></iframe>
            <iframe id="yt2" data-consenthub-category="marketing" data-consenthub-service="youtube" data-src="{{t}}/yt2" title="video 2"></iframe>
            """));
        // Google Analytics 4 as the README marks it: the dataLayer stub as is, the loader held and marked as Google's.
        app.MapGet("/google", (string lang, string tenant, string key) => Page(hub, lang, tenant, key, t => $$"""
            <script>window.dataLayer = window.dataLayer || []; function gtag(){ dataLayer.push(arguments); } gtag('js', new Date()); gtag('config', 'G-TEST');</script>
            <script type="text/plain" data-consenthub-google data-consenthub-category="analytics" src="{{t}}/gtag.js"></script>
            """, head: true));
    }

    private static IResult Page(Uri hub, string lang, string tenant, string key, Func<string, string> marked, bool head = false)
    {
        string E(string s) => WebUtility.HtmlEncode(s);
        var t = "/t/" + E(tenant);
        var html = $$"""
            <!doctype html>
            <html lang="{{E(lang)}}"><head><meta charset="utf-8"><title>Testikauppa</title>
            <script>window.ran = []; window.changes = []; document.addEventListener('consenthub:change', function (e) { window.changes.push(e.detail); });</script>
            {{(head ? marked(t) : "")}}
            <script src="{{E(hub + "banner.js")}}" data-tenant="{{E(tenant)}}" data-site-key="{{E(key)}}" async></script>
            </head><body>
            <h1 id="title">Tervetuloa kauppaan</h1>
            {{(head ? "" : marked(t))}}
            <button id="reopen" type="button" onclick="ConsentHub.open()">Evästeasetukset</button>
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    public static string ServicesPageUrl(this BrowserHub hub, TenantHandle tenant, string lang = "en") =>
        $"{hub.SiteOrigin}/services?lang={lang}&tenant={tenant.Id}&key={tenant.SiteKey}";

    public static string GooglePageUrl(this BrowserHub hub, TenantHandle tenant, string lang = "en") =>
        $"{hub.SiteOrigin}/google?lang={lang}&tenant={tenant.Id}&key={tenant.SiteKey}";

    /// A tenant whose categories list services (ServiceTenant), on the test site's origin.
    public static Task<TenantHandle> ServiceTenantAsync(this BrowserHub hub, string id, string? consentMode = null) =>
        ServiceTenant.CreateAsync(hub.Hub, id, [hub.SiteOrigin], consentMode);
}
