using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using ConsentHub.Contracts.Events;

namespace ConsentHub.Hub.Pages;

/// Server-rendered pages for people: no scripts, no external assets, everything from tenant config or people encoded.
public static class Html
{
    // Encodes <, >, &, quotes and the like; leaves letters such as ä and å readable.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string E(string? text) => Encoder.Encode(text ?? "");

    public static IResult Page(HttpContext http, int status, string lang, TenantDefinition? tenant, string title, string body, string? languageLinks = null)
    {
        var page = new StringBuilder();
        page.Append("<!doctype html><html lang=\"").Append(E(lang)).Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex\">")
            .Append("<title>").Append(E(title)).Append(tenant is null ? "" : " – " + E(tenant.Name)).Append("</title><style>").Append(Css).Append("</style></head><body><main>");
        if (tenant is not null) page.Append("<p class=\"org\">").Append(E(tenant.Name)).Append("</p>");
        page.Append("<h1>").Append(E(title)).Append("</h1>").Append(body);
        if (languageLinks is not null) page.Append("<nav class=\"langs\">").Append(languageLinks).Append("</nav>");
        page.Append("</main></body></html>");
        var headers = http.Response.Headers;
        // The token in the URL is the person's key: keep it out of other sites' referrers, caches and frames.
        // (`same-origin`, not `no-referrer`: under that, browsers post the page's own forms with `Origin: null`,
        // which the forms must refuse as they would any other site's.)
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "same-origin";
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
        return TypedResults.Content(page.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    /// Links to the same page in the tenant's other languages (`?lang=`).
    public static string LanguageLinks(HttpRequest request, TenantDefinition tenant, string current) =>
        string.Join(" · ", tenant.Languages.Where(l => l != current).Select(l =>
            $"<a href=\"{E(request.Path + "?lang=" + l)}\" lang=\"{E(l)}\" hreflang=\"{E(l)}\">{E(PageTexts.For(l).LanguageName)}</a>"));

    /// Browsers get an HTML page; other callers (mail providers' one-click, scripts) RFC 9457 problem details.
    /// The HTML part of a mail that asks the person to press one link: a lead line, the button, the link in full
    /// (for mail readers that drop buttons) and a note in grey.
    public static string ActionMail(string lang, string lead, string url, string button, string note) =>
        $"<!doctype html><html lang=\"{E(lang)}\"><body style=\"font-family:sans-serif;line-height:1.5\">" +
        $"<p>{E(lead)}</p><p><a href=\"{E(url)}\" style=\"display:inline-block;padding:12px 20px;background:#1a3d7c;color:#fff;border-radius:6px;text-decoration:none\">{E(button)}</a></p>" +
        $"<p>{E(url)}</p><p style=\"color:#555\">{E(note)}</p></body></html>";

    public static bool WantsHtml(HttpRequest request) => request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    private const string Css =
        "body{margin:0;background:#f4f5f7;color:#1a1a1a;font:16px/1.5 system-ui,sans-serif}main{max-width:640px;margin:0 auto;padding:24px 16px}" +
        "h1{font-size:24px;margin:0 0 16px}h2{font-size:18px;margin:24px 0 8px}.org{color:#555;margin:0 0 4px}" +
        ".card{background:#fff;border-radius:8px;padding:16px;margin:0 0 12px;box-shadow:0 1px 3px rgba(0,0,0,.12)}.card>p:first-child{margin-top:0}" +
        "label{display:flex;gap:12px;align-items:flex-start;cursor:pointer}input[type=checkbox]{width:22px;height:22px;margin:2px 0 0;flex:none;accent-color:#1a3d7c}" +
        ".desc{display:block;color:#444;font-size:15px}.note{display:block;color:#8a4b00;font-size:14px}" +
        "button{font:inherit;font-weight:600;border-radius:6px;padding:12px 20px;border:2px solid #1a3d7c;background:#1a3d7c;color:#fff;cursor:pointer;margin:4px 8px 4px 0}" +
        "button.stop{background:#fff;color:#a11}button.stop{border-color:#a11}:focus-visible{outline:3px solid #c77700;outline-offset:2px}" +
        ".ok{background:#e6f4ea;border-left:4px solid #1e7e34;padding:12px;margin:0 0 16px}.langs{margin-top:32px;font-size:14px}a{color:#0b57d0}";
}
