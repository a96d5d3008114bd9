using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace ConsentHub.Hub.Http;

/// One log line per request with link tokens cut out of the path. A `/u/`, `/p/` or `/c/` token is a credential
/// for a person's choices, so ASP.NET Core's own request logging (which writes the raw path, and puts it in the
/// scope of every other line) is switched off whatever the configuration says, and this line replaces it. So is
/// Kestrel's line for a request it refuses as malformed, which quotes the raw request line, token and all.
public static partial class RequestLog
{
    private const string Category = "ConsentHub.Requests";
    private static readonly string[] Silenced = ["Microsoft.AspNetCore.Hosting.Diagnostics", "Microsoft.AspNetCore.Server.Kestrel.BadRequests"];
    private static readonly string[] CappedAtInformation = ["Microsoft.AspNetCore.Routing.Matching"];   // logs the path at Debug

    public static IServiceCollection AddRequestLog(this IServiceCollection services) =>
        services.PostConfigure<LoggerFilterOptions>(o =>
        {
            foreach (var rule in o.Rules.Where(r => r.CategoryName is { } c && Silenced.Concat(CappedAtInformation).Any(s => c.StartsWith(s, StringComparison.OrdinalIgnoreCase))).ToList())
                o.Rules.Remove(rule);
            foreach (var category in Silenced) o.Rules.Add(new LoggerFilterRule(null, category, LogLevel.None, null));
            foreach (var category in CappedAtInformation) o.Rules.Add(new LoggerFilterRule(null, category, LogLevel.Information, null));
        });

    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        // Asked per request, so a level changed at run time applies; when off, nothing is measured or formatted.
        return app.Use((context, next) => logger.IsEnabled(LogLevel.Information) ? LoggedAsync(logger, context, next) : next(context));
    }

    private static async Task LoggedAsync(ILogger logger, HttpContext context, RequestDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            Answered(logger, context.Request.Method, Redact(context.Request.Path.Value), context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} answered {Status} in {Elapsed:0} ms")]
    private static partial void Answered(ILogger logger, string method, string path, int status, double elapsed);

    /// `/u/{token}/…` → `/u/…`; every other path as it is.
    public static string Redact(string? path) => path is null ? "/" : LinkPath().Replace(path, "/$1/…");

    [GeneratedRegex("^/([upc])/.*$", RegexOptions.IgnoreCase)]
    private static partial Regex LinkPath();
}
