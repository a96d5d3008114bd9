using ConsentHub.Functions;
using ConsentHub.Functions.Http;
using ConsentHub.Hub;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ConsentHub.Api.Tests.Kit;

/// The Functions app without the Functions host (which cannot run here). The worker is built exactly as Program.cs
/// builds it (FunctionsApp.Configure: HubHost.Functions, the hub's services and hosted services) and started without
/// its link to the host; in front of it a Kestrel on 127.0.0.1 shaped like the worker's own ASP.NET Core side: its
/// body limit, forwarded headers, routing to the HTTP function's route from the generated functions.metadata under
/// host.json's route prefix, a scope of the worker's services per request (as the invocation's), the function class
/// activated from that scope and handed a DurableTaskClient, and the IResult it returns executed on the request. The
/// client is an in-process DurableTaskTestHost's, running the tasks FunctionsAppTasks registers (or a test's `tasks`).
public sealed class FunctionsAppHub : IAsyncDisposable
{
    private readonly IHost _worker;
    private readonly WebApplication _front;

    private FunctionsAppHub(IHost worker, WebApplication front, DurableTaskTestHost durable)
    {
        _worker = worker;
        _front = front;
        Durable = durable;
    }

    public IServiceProvider Worker => _worker.Services;
    public DurableTaskTestHost Durable { get; }

    public static async Task<TestHub> StartAsync(IReadOnlyDictionary<string, string?>? extra = null, Action<IServiceCollection>? services = null,
        string? dataDir = null, bool withOperatorKey = true,
        Action<DurableTaskRegistry, IServiceProvider>? tasks = null, Action<IServiceCollection, IServiceProvider>? taskServices = null)
    {
        dataDir ??= TestHub.NewDataDir();
        // On another port when a parallel test took it first: all of it again, as the hub's links carry its address.
        return await TestHub.OnFreePortAsync(async port =>
        {
            var address = $"http://127.0.0.1:{port}";
            var settings = TestHub.Settings(dataDir, address, withOperatorKey, extra);

            var builder = FunctionsApplication.CreateBuilder(["--environment", "Production"]);
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
            services?.Invoke(builder.Services);   // before the hub's, as on the server: the hub's TryAdds leave a test's own in place
            FunctionsApp.Configure(builder);
            // The worker's own hosted services are its side of the Functions host (the gRPC channel to the host, the ASP.NET
            // Core server the host forwards requests to): the front below stands in for both. The hub's run as in the worker.
            foreach (var hosted in builder.Services.Where(d => d.ServiceType == typeof(IHostedService) && !IsHubs(d)).ToList())
                builder.Services.Remove(hosted);
            var worker = builder.Build();
            worker.Services.RunStartupChecks();
            await worker.StartAsync();

            var durable = await DurablePropagationKit.StartHostAsync(registry => (tasks ?? FunctionsAppTasks.Register)(registry, worker.Services),
                s => (taskServices ?? FunctionsAppTasks.AddServices)(s, worker.Services));

            var front = Front(address, worker.Services, durable);
            var hub = new FunctionsAppHub(worker, front, durable);
            try
            {
                await front.StartAsync();
            }
            catch (IOException)
            {
                await hub.DisposeAsync();
                throw;
            }
            return new TestHub(worker.Services, dataDir, new Uri(address), hub.DisposeAsync, hub);
        });
    }

    private static bool IsHubs(ServiceDescriptor descriptor) =>
        descriptor.ImplementationType?.Assembly.GetName().Name?.StartsWith("ConsentHub.", StringComparison.Ordinal) == true;

    private static WebApplication Front(string address, IServiceProvider worker, DurableTaskTestHost durable)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(address);
        var limits = worker.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = limits.MaxRequestBodySize);
        builder.Logging.ClearProviders();
        builder.Services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.All);
        var front = builder.Build();
        front.UseForwardedHeaders();
        front.UseRouting();
        var api = FunctionsMetadata.Read().Single(f => f.Name == HubHttpFunction.Name).Trigger;
        var methods = api.Json.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).ToList();
        front.MapMethods($"{FunctionsMetadata.RoutePrefix()}/{api.Text("route")}", methods, async http =>
        {
            await using var invocation = worker.CreateAsyncScope();
            http.RequestServices = invocation.ServiceProvider;
            var function = ActivatorUtilities.CreateInstance<HubHttpFunction>(invocation.ServiceProvider);
            var result = await function.RunAsync(http.Request, durable.Client);
            await result.ExecuteAsync(http);
        });
        return front;
    }

    /// Waits until every orchestration started so far has finished, each propagation with it.
    public Task SettledAsync() => Eventually.HoldsAsync(async () =>
    {
        var open = 0;
        var query = new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running] };
        await foreach (var _ in Durable.Client.GetAllInstancesAsync(query)) open++;
        return open;
    }, open => open == 0, what: "the orchestrations finished");

    /// Runs a timer function as the worker would: the class activated from a scope of the worker's services.
    public async Task<T> TimerAsync<TFunction, T>(Func<TFunction, TimerInfo, Task<T>> run, bool pastDue = false)
    {
        await using var invocation = Worker.CreateAsyncScope();
        return await run(ActivatorUtilities.CreateInstance<TFunction>(invocation.ServiceProvider), new TimerInfo { IsPastDue = pastDue });
    }

    public async ValueTask DisposeAsync()
    {
        await _front.StopAsync();
        await _front.DisposeAsync();
        await Durable.DisposeAsync();
        await _worker.StopAsync();
        _worker.Dispose();
    }
}
