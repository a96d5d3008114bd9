using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using ConsentHub.Hub.Banner;
using ConsentHub.Hub.ChangeFeed;
using ConsentHub.Hub.Checks;
using ConsentHub.Hub.Demo;
using ConsentHub.Hub.Feed;
using ConsentHub.Hub.Http;
using ConsentHub.Hub.Imports;
using ConsentHub.Hub.Jobs;
using ConsentHub.Hub.Ledger;
using ConsentHub.Hub.Links;
using ConsentHub.Hub.Messages;
using ConsentHub.Hub.Newsletters;
using ConsentHub.Hub.Propagation;
using ConsentHub.Hub.Requests;
using ConsentHub.Hub.Security;
using ConsentHub.Hub.Storage;
using ConsentHub.Hub.Subscriptions;
using ConsentHub.Hub.Tenants;
using ConsentHub.Hub.Webhooks;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ConsentHub.Hub;

/// The composition root: the hub's services and pipeline, hosted by the self-hosted server and by the Functions app.
public static class HubApp
{
    /// The hub on Kestrel: the self-hosted server's app (and the tests').
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The app's own folder, so a published binary started from anywhere reads its appsettings.json.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = RequestBodies.MaxBytes);
        configure?.Invoke(builder);
        builder.Services.AddHub(builder.Configuration, builder.Environment);
        var app = builder.Build();
        app.Services.RunStartupChecks();
        app.UseHubPipeline();
        return app;
    }

    /// Every service of the hub, for either host; `host` says which one runs it (see HubHost).
    public static IServiceCollection AddHub(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment,
        HubHost host = HubHost.Server)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            if (c.ProblemDetails.Status == StatusCodes.Status503ServiceUnavailable)
                c.HttpContext.Response.Headers.RetryAfter = StoreOutage.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            c.ProblemDetails.Detail ??= (c.ProblemDetails.Status, StoreOutage.Of(c.Exception)) switch
            {
                (404, _) => "No such route; see /api/v1/openapi.json.",
                (405, _) => "This route does not take that method.",
                (503, StoreOutage.Kind.Locked) => "The database is locked by another process; nothing was recorded. Try again shortly (Retry-After).",
                (503, _) => "The store is busy or did not answer in time; the request may not have been recorded. Try again after Retry-After seconds.",
                _ => "The hub could not complete the request; nothing was recorded unless a later read shows it.",
            };
        });
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            o.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, Checks.HotPathJson.Default);   // source-generated hot paths
        });
        services.AddRouting();
        services.AddRequestLog();
        services.AddOperations();
        services.TryAddSingleton(TimeProvider.System);   // tests may bring their own clock
        services.AddHubStorage(configuration, environment, host);
        services.AddSecurity();
        services.AddTenants(configuration);
        services.AddLedger();
        services.AddImports();
        services.AddChecks();
        services.AddRequests();
        services.AddMessages(configuration);
        services.AddPropagation();
        services.AddSubscriptions();
        services.AddServiceBusTopic(configuration);
        services.AddWebhooks();
        services.AddEventsFeed(configuration);
        services.AddChangeFeed(configuration, host);
        services.AddBanner();
        services.AddLinks(environment);
        services.AddNewsletters();
        services.AddHubRateLimits();
        services.AddDemo(environment);
        services.AddJobs(host);
        return services;
    }

    /// The store's refusals (a foreign file, a lost database, unreadable secrets) stop the start here.
    public static void RunStartupChecks(this IServiceProvider services)
    {
        foreach (var check in services.GetServices<StartupCheck>()) check.Run();
    }

    /// The hub's request pipeline and every route of the HTTP contract, for either host.
    public static IApplicationBuilder UseHubPipeline(this IApplicationBuilder app)
    {
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
        app.UseEndpoints(endpoints =>
        {
            endpoints.MapOperationsEndpoints();
            endpoints.MapTenantEndpoints();
            endpoints.MapSubjectEndpoints();
            endpoints.MapImportEndpoints();
            endpoints.MapCheckEndpoints();
            endpoints.MapEventsEndpoints();
            endpoints.MapPropagationEndpoints();
            endpoints.MapRequests();
            endpoints.MapSubscriptions();
            endpoints.MapWebhookEndpoints();
            endpoints.MapBannerEndpoints();
            endpoints.MapNewsletterEndpoints();
            endpoints.MapLinkEndpoints();
            endpoints.MapJobEndpoints();
        });
        return app;
    }

    // Bad input is the caller's (4xx); anything else is ours, answered as a problem without internals.
    private static int StatusOf(Exception exception) => exception switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        _ when StoreOutage.Of(exception) is not StoreOutage.Kind.None => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}
