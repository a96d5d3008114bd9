using System.Net.Http.Headers;
using System.Net.Http.Json;
using ConsentHub.Hub;

namespace ConsentHub.Api.Tests.Kit;

/// The hub on a real Kestrel server on 127.0.0.1 with its real SQLite file in a folder of the test's own; or, started
/// by FunctionsAppHub, the Functions app behind a Kestrel shaped like the worker (then `Functions` is set).
public sealed class TestHub : IAsyncDisposable
{
    public const string OperatorKey = "operator-test-key";

    private readonly Func<ValueTask> _dispose;

    internal TestHub(IServiceProvider services, string dataDir, Uri baseAddress, Func<ValueTask> dispose, FunctionsAppHub? functions = null)
    {
        Services = services;
        DataDir = dataDir;
        BaseAddress = baseAddress;
        _dispose = dispose;
        Functions = functions;
    }

    public string DataDir { get; }
    public Uri BaseAddress { get; }
    public IServiceProvider Services { get; }

    /// The Functions app's harness, when this hub is the Functions app; null for the self-hosted server.
    public FunctionsAppHub? Functions { get; }

    public static string NewDataDir() => Directory.CreateTempSubdirectory("consenthub-test-").FullName;

    /// `extra`: more configuration (e.g. the Cosmos DB store); `services`: services the test supplies (stubs of peers);
    /// `configure`: anything else about the app (a test clock, say).
    public static async Task<TestHub> StartAsync(string? dataDir = null, bool withOperatorKey = true,
        IReadOnlyDictionary<string, string?>? extra = null, Action<IServiceCollection>? services = null, Action<WebApplicationBuilder>? configure = null)
    {
        dataDir ??= NewDataDir();
        return await OnFreePortAsync(async port =>
        {
            var address = $"http://127.0.0.1:{port}";
            var settings = Settings(dataDir, address, withOperatorKey, extra);
            var app = HubApp.Create(["--environment", "Production"], builder =>
            {
                builder.WebHost.UseUrls(address);
                builder.Configuration.AddInMemoryCollection(settings);
                builder.Logging.ClearProviders();
                services?.Invoke(builder.Services);
                configure?.Invoke(builder);
            });
            try
            {
                await app.StartAsync();
            }
            catch (IOException)
            {
                await app.StopAsync();
                await app.DisposeAsync();
                throw;
            }
            return new TestHub(app.Services, dataDir, new Uri(app.Urls.First()), async () =>
            {
                await app.StopAsync();
                await app.DisposeAsync();
            });
        });
    }

    /// Runs `start` on a port found free, and again on another when a parallel test took that port before `start`
    /// bound it (up to five times). `start` leaves nothing running when it throws.
    internal static async Task<T> OnFreePortAsync<T>(Func<int, Task<T>> start)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await start(FreePort());
            }
            catch (IOException taken) when (attempt < 5 && taken.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                // taken meanwhile: another port
            }
        }
    }

    /// The configuration every test hub starts with, on either host. Production wants its link base from configuration,
    /// so the hub gets a known port and that base up front.
    internal static Dictionary<string, string?> Settings(string dataDir, string address, bool withOperatorKey, IReadOnlyDictionary<string, string?>? extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConsentHub:DataDir"] = dataDir,
            ["ConsentHub:Propagation:PollInterval"] = "00:00:00.050",
            ["ConsentHub:PublicBaseUrl"] = address,
            ["ConsentHub:Secrets:AllowDataDir"] = "true",
            // Every test client is 127.0.0.1: limits no test reaches unless it sets its own (RateLimitTests).
            ["ConsentHub:RateLimits:Anonymous:PermitLimit"] = "1000000",
            ["ConsentHub:RateLimits:ApiKey:PermitLimit"] = "1000000",
            ["ConsentHub:RateLimits:FailedAuth:PermitLimit"] = "1000000",
        };
        if (withOperatorKey) settings["ConsentHub:AdminKey"] = OperatorKey;
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        return settings;
    }

    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public HttpClient Client(string? bearer = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (bearer is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    public HttpClient Operator() => Client(OperatorKey);

    /// Creates a tenant with the test catalog and answers a client holding its all-scope key.
    public async Task<TenantHandle> CreateTenantAsync(string id, object? definition = null)
    {
        using var op = Operator();
        var response = await op.PostAsJsonAsync("/api/v1/admin/tenants", definition ?? Catalogs.Tenant(id));
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<Created>();
        return new TenantHandle(id, created!.ApiKey, created.SiteKey, Client(created.ApiKey));
    }

    public ValueTask DisposeAsync() => _dispose();

    private sealed record Created(string ApiKey, string SiteKey);
}

public sealed record TenantHandle(string Id, string ApiKey, string SiteKey, HttpClient Client) : IDisposable
{
    public void Dispose() => Client.Dispose();
}
