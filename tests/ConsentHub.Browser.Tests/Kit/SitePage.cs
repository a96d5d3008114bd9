using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Http;

namespace ConsentHub.Browser.Tests.Kit;

/// The customer's site: a second Kestrel app on its own port (another origin than the hub) with a shop page that
/// embeds the banner, sets the cookies trackers would, and records the banner's events for the tests to read.
public static class SitePage
{
    public static WebApplication Create(Uri hub)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/shop", (HttpContext http, string lang, string tenant, string key, int gtag) =>
        {
            string E(string s) => WebUtility.HtmlEncode(s);
            var consentMode = gtag == 1 ? "<script>window.dataLayer = window.dataLayer || []; function gtag(){ dataLayer.push(arguments); }</script>" : "";
            var html = $$"""
                <!doctype html>
                <html lang="{{E(lang)}}"><head><meta charset="utf-8"><title>Testikauppa</title>
                <script>
                  document.cookie = "_ga=GA1.1.123; path=/"; document.cookie = "_ga_ABC=GS1.1; path=/"; document.cookie = "_fbp=fb.1.123; path=/";
                  window.changes = [];
                  document.addEventListener('consenthub:change', function (e) { window.changes.push(e.detail); });
                </script>
                {{consentMode}}
                <script src="{{E(hub + "banner.js")}}" data-tenant="{{E(tenant)}}" data-site-key="{{E(key)}}" async></script>
                <style>body{font:16px/1.5 sans-serif;margin:0;padding:24px}header{height:80px;background:#eef}</style>
                </head><body>
                <header id="top"><a id="home" href="#">Testikauppa</a></header>
                <main><h1 id="title">Tervetuloa kauppaan</h1><p>Tarjouksia joka päivä.</p>
                <button id="reopen" type="button" onclick="ConsentHub.open()">Evästeasetukset</button></main>
                </body></html>
                """;
            return Results.Content(html, "text/html; charset=utf-8");
        });
        MapBlockedPage(app, hub);
        ServicePages.Map(app, hub);
        return app;
    }

    /// How often the site served each path under /t/: what a blocked script or embed would have fetched.
    public static ConcurrentDictionary<string, int> Hits { get; } = new();

    public static int HitsOf(string path) => Hits.GetValueOrDefault(path);

    /// A page that marks what needs consent as a site would: two blocked external scripts (src and data-src), a
    /// blocked inline script after them, an iframe and an image. Each script records its run in window.ran.
    private static void MapBlockedPage(WebApplication app, Uri hub)
    {
        app.MapGet("/t/{tenant}/{name}", (HttpContext http, string tenant, string name) =>
        {
            Hits.AddOrUpdate($"/t/{tenant}/{name}", 1, (_, n) => n + 1);
            http.Response.Headers.CacheControl = "no-store";
            if (name.EndsWith(".js", StringComparison.Ordinal))
                return Results.Content($"(window.ran = window.ran || []).push('{name[..^3]}');", "text/javascript");
            if (name.EndsWith(".gif", StringComparison.Ordinal))
                return Results.Bytes(Convert.FromBase64String("R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw=="), "image/gif");
            return Results.Content("<!doctype html><p id=\"video\">video</p>", "text/html; charset=utf-8");
        });
        app.MapGet("/blocked", (string lang, string tenant, string key) =>
        {
            string E(string s) => WebUtility.HtmlEncode(s);
            var t = "/t/" + E(tenant);
            var html = $$"""
                <!doctype html>
                <html lang="{{E(lang)}}"><head><meta charset="utf-8"><title>Testikauppa</title>
                <script>window.ran = []; window.changes = []; document.addEventListener('consenthub:change', function (e) { window.changes.push(e.detail); });</script>
                <script src="{{E(hub + "banner.js")}}" data-tenant="{{E(tenant)}}" data-site-key="{{E(key)}}" async></script>
                </head><body>
                <h1 id="title">Tervetuloa kauppaan</h1>
                <script type="text/plain" data-consenthub-category="analytics" src="{{t}}/ga.js"></script>
                <script type="text/plain" data-consenthub-category="marketing" data-src="{{t}}/pixel.js"></script>
                <script type="text/plain" data-consenthub-category="analytics">window.ran.push('inline');</script>
                <iframe id="video" data-consenthub-category="marketing" data-src="{{t}}/frame" title="video"></iframe>
                <img id="px" data-consenthub-category="marketing" data-src="{{t}}/px.gif" alt="">
                <button id="reopen" type="button" onclick="ConsentHub.open()">Evästeasetukset</button>
                </body></html>
                """;
            return Results.Content(html, "text/html; charset=utf-8");
        });
    }
}
