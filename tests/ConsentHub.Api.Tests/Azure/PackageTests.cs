using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests.Azure;

/// The zip infra/package.sh builds (test.sh runs it first): what the Functions host unpacks and runs.
public sealed class PackageTests
{
    private static readonly string Root = CosmosServer.RepoRoot();
    private static readonly string ZipPath = Path.Combine(Root, "artifacts", "consenthub-functions.zip");
    private const int OwnerExecute = 0b001_000_000;

    private static ZipArchive Open()
    {
        Assert.True(File.Exists(ZipPath), $"{ZipPath} is missing: run infra/package.sh (test.sh does)");
        return ZipFile.OpenRead(ZipPath);
    }

    private static string Handler() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "host.json"))).RootElement
        .GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString()!;

    [Fact]
    public void The_zip_holds_host_json_and_every_function_folder_at_its_root_and_the_handler_with_its_execute_bit()
    {
        using var zip = Open();
        var names = zip.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("host.json", names);
        using (var reader = new StreamReader(zip.GetEntry("host.json")!.Open()))
            Assert.Equal(File.ReadAllText(Path.Combine(Root, "host.json")), reader.ReadToEnd());
        foreach (var function in FunctionFolderTests.Functions().Keys)
            Assert.Contains($"{function}/function.json", names);
        Assert.DoesNotContain(names, n => n.EndsWith("function.json", StringComparison.Ordinal) && n.Count(c => c == '/') != 1);

        var handler = zip.GetEntry(Handler());
        Assert.NotNull(handler);
        var mode = (handler.ExternalAttributes >> 16) & 0xFFFF;
        Assert.True((mode & OwnerExecute) != 0, $"{Handler()} has mode {Convert.ToString(mode, 8)}");
        Assert.Contains("app/ConsentHub.dll", names);   // self-contained: the runtime travels with it
        Assert.Contains("app/libcoreclr.so", names);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]   // a linux-x64 handler
    public async Task The_packaged_handler_starts_on_the_port_the_host_gives_and_answers_GET_root_and_an_invocation()
    {
        var dir = Directory.CreateTempSubdirectory("consenthub-package-").FullName;
        using (var zip = Open())
        {
            foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("app/", StringComparison.Ordinal) && e.Name.Length > 0))
            {
                var path = Path.Combine(dir, entry.FullName);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                entry.ExtractToFile(path);
                File.SetUnixFileMode(path, (UnixFileMode)((entry.ExternalAttributes >> 16) & 0x1FF));   // as the host unpacks it
            }
        }
        var port = FreePort();
        var start = new ProcessStartInfo(Path.Combine(dir, Handler())) { WorkingDirectory = Path.Combine(dir, "app"), UseShellExecute = false, RedirectStandardOutput = true };
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["ConsentHub__DataDir"] = Path.Combine(dir, "data");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConsentHub__Secrets__AllowDataDir"] = "true";
        start.Environment["ConsentHub__PublicBaseUrl"] = $"http://127.0.0.1:{port}";
        using var process = Process.Start(start)!;
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            var clock = Stopwatch.StartNew();
            while (!await AnswersAsync(client))
            {
                Assert.False(process.HasExited, "the handler exited");
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the handler did not answer GET / within the host's 30 s");
                await Task.Delay(100);
            }
            using var request = new HttpRequestMessage(HttpMethod.Post, "/Retention") { Content = Http.JsonBody("""{"Data":{"timer":{"IsPastDue":false}},"Metadata":{}}""") };
            request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());   // as the host posts it
            using var invocation = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, invocation.StatusCode);
            Assert.Equal("sqlite", (await client.GetJsonAsync("/health")).GetProperty("store").GetString());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<bool> AnswersAsync(HttpClient client)
    {
        try
        {
            using var response = await client.GetAsync("/");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
