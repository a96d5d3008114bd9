using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using ConsentHub.Functions.Banner;
using ConsentHub.Functions.ChangeFeed;
using ConsentHub.Functions.Checks;
using ConsentHub.Functions.Demo;
using ConsentHub.Functions.Feed;
using ConsentHub.Functions.FunctionsHost;
using ConsentHub.Functions.Http;
using ConsentHub.Functions.Ledger;
using ConsentHub.Functions.Links;
using ConsentHub.Functions.Messages;
using ConsentHub.Functions.Newsletters;
using ConsentHub.Functions.Propagation;
using ConsentHub.Functions.Requests;
using ConsentHub.Functions.Security;
using ConsentHub.Functions.Storage;
using ConsentHub.Functions.Subscriptions;
using ConsentHub.Functions.Tenants;
using ConsentHub.Functions.Webhooks;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ConsentHub.Functions;

/// The composition root: the same app runs embedded (`dotnet run`) and as an Azure Functions custom handler.
public static class HubApp
{
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The app's own folder, so a published binary started from anywhere reads its appsettings.json.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        // As an Azure Functions custom handler the host tells the port to listen on.
        if (Environment.GetEnvironmentVariable("FUNCTIONS_CUSTOMHANDLER_PORT") is { Length: > 0 } port)
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = RequestBodies.MaxBytes);
        configure?.Invoke(builder);

        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c => c.ProblemDetails.Detail ??= c.ProblemDetails.Status switch
        {
            404 => "No such route; see /api/v1/openapi.json.",
            405 => "This route does not take that method.",
            503 => "The database is locked by another process; nothing was recorded. Try again shortly.",
            _ => "The hub could not complete the request; nothing was recorded unless a later read shows it.",
        });
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            o.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });
        builder.Services.AddRequestLog();
        builder.Services.AddOperations();
        builder.Services.TryAddSingleton(TimeProvider.System);   // tests may bring their own clock
        builder.Services.AddHubStorage(builder.Configuration, builder.Environment);
        builder.Services.AddSecurity();
        builder.Services.AddTenants(builder.Configuration);
        builder.Services.AddLedger();
        builder.Services.AddChecks();
        builder.Services.AddRequests();
        builder.Services.AddMessages(builder.Configuration);
        builder.Services.AddPropagation();
        builder.Services.AddSubscriptions();
        builder.Services.AddWebhooks();
        builder.Services.AddFunctionInvocations(builder.Configuration);
        builder.Services.AddEventsFeed(builder.Configuration);
        builder.Services.AddChangeFeed(builder.Configuration);
        builder.Services.AddBanner();
        builder.Services.AddLinks(builder.Environment);
        builder.Services.AddNewsletters();
        builder.Services.AddHubRateLimits();
        builder.Services.AddDemo(builder.Environment);

        var app = builder.Build();
        foreach (var check in app.Services.GetServices<StartupCheck>()) check.Run();   // the store's refusal stops the start here
        app.UseRequestLog();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = StatusOf,
            // The caller's bad input and a busy store (shown by /health) are answered, not logged as the hub's own faults.
            SuppressDiagnosticsCallback = c => StatusOf(c.Exception) is < 500 or StatusCodes.Status503ServiceUnavailable,
        });
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseHubRateLimits();
        app.UseStoredHeaderCheck();
        app.UseTenantLoading();
        app.UseCors();
        app.MapOperationsEndpoints();
        app.MapTenantEndpoints();
        app.MapSubjectEndpoints();
        app.MapCheckEndpoints();
        app.MapEventsEndpoints();
        app.MapPropagationEndpoints();
        app.MapRequests();
        app.MapSubscriptions();
        app.MapWebhookEndpoints();
        app.MapFunctionInvocations(app.Configuration);
        app.MapBannerEndpoints();
        app.MapNewsletterEndpoints();
        app.MapLinkEndpoints();
        return app;
    }

    // Bad input is the caller's (4xx); anything else is ours, answered as a problem without internals.
    private static int StatusOf(Exception exception) => exception switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        Microsoft.Data.Sqlite.SqliteException locked when StoreFileCheck.IsLocked(locked) => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}
