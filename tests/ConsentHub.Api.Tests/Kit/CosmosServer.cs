using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ConsentHub.Hub.Storage.Cosmos;

namespace ConsentHub.Api.Tests.Kit;

/// `@vercel/cosmosdb-server` (infra/cosmosdb-server, installed by test.sh's `npm ci`) on a free loopback port, over
/// HTTPS with a certificate generated here for this run: the Cosmos client trusts that certificate and no other.
public sealed class CosmosServer : IAsyncLifetime
{
    private Process? _node;
    private string _dir = "";
    private string _thumbprint = "";

    public Uri Endpoint { get; private set; } = null!;

    /// Any key works with this server; the SDK only needs it to be base64.
    public static string Key => Convert.ToBase64String(new byte[64]);

    public async Task InitializeAsync()
    {
        var root = RepoRoot();
        var serve = Path.Combine(root, "infra", "cosmosdb-server", "serve.js");
        if (!Directory.Exists(Path.Combine(root, "infra", "cosmosdb-server", "node_modules")))
            throw new InvalidOperationException("infra/cosmosdb-server has no node_modules: run ./test.sh (it runs npm ci) first.");
        _dir = Directory.CreateTempSubdirectory("consenthub-cosmos-").FullName;
        var (certPath, keyPath) = WriteCertificate(_dir);
        _node = Process.Start(new ProcessStartInfo("node", [serve, certPath, keyPath, "0"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var line = await _node.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
            throw new InvalidOperationException($"cosmosdb-server did not start: {line} {await _node.StandardError.ReadToEndAsync()}");
        Endpoint = new Uri($"https://127.0.0.1:{line["listening ".Length..]}/");
    }

    public CosmosHttp Http => new(() => new HttpClient(Handler()));

    /// A handler that trusts this server's own certificate only.
    public HttpClientHandler Handler() => new()
    {
        ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            certificate is not null && certificate.GetCertHashString(HashAlgorithmName.SHA256) == _thumbprint,
    };

    public CosmosOptions Options(string database) => new(Endpoint, database, Key);

    public static string NewDatabase() => "t" + Guid.NewGuid().ToString("N")[..12];

    private (string Cert, string Key) WriteCertificate(string dir)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        _thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        var certPath = Path.Combine(dir, "cert.pem");
        var keyPath = Path.Combine(dir, "key.pem");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certPath, keyPath);
    }

    public async Task DisposeAsync()
    {
        if (_node is { HasExited: false })
        {
            _node.StandardInput.Close();   // serve.js stops when its stdin ends
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _node.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _node.Kill();
            }
        }
        _node?.Dispose();
        if (_dir.Length > 0) Directory.Delete(_dir, recursive: true);
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ConsentHub.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}

/// The Cosmos test classes run in three collections, each with a server of its own, so that they run beside each other
/// and beside the rest instead of one after another (every test makes a database of its own and needs no other test's).
/// A class's collection is fixed in its attribute; the three are balanced by the classes' measured run times.
public static class CosmosCollection
{
    public const string A = "cosmos-a";
    public const string B = "cosmos-b";
    public const string C = "cosmos-c";
}

[CollectionDefinition(CosmosCollection.A)]
public sealed class CosmosCollectionA : ICollectionFixture<CosmosServer>;

[CollectionDefinition(CosmosCollection.B)]
public sealed class CosmosCollectionB : ICollectionFixture<CosmosServer>;

[CollectionDefinition(CosmosCollection.C)]
public sealed class CosmosCollectionC : ICollectionFixture<CosmosServer>;
