using System.Diagnostics;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub;
using ConsentHub.Hub.Storage;

namespace ConsentHub.Api.Tests;

/// Outside Development the hub does not put its master key beside the data it protects unless the operator says so,
/// and a secrets file it cannot read stops it with one line that names the file and the fix.
public sealed class SecretsStartupTests
{
    private static Dictionary<string, string?> Settings(string dataDir) => new() { ["ConsentHub:DataDir"] = dataDir, ["ConsentHub:PublicBaseUrl"] = "http://127.0.0.1:9" };

    private static WebApplication Create(string environment, Dictionary<string, string?> settings) =>
        HubApp.Create(["--environment", environment], b =>
        {
            b.WebHost.UseUrls("http://127.0.0.1:0");
            b.Logging.ClearProviders();
            b.Configuration.AddInMemoryCollection(settings);
        });

    [Fact]
    public async Task In_Production_the_hub_refuses_secrets_in_its_data_folder_unless_allowed()
    {
        var dir = TestHub.NewDataDir();
        var refused = Assert.Throws<StartRefusedException>(() => Create("Production", Settings(dir)));
        Assert.Contains("ConsentHub__Secrets__AllowDataDir=true", refused.Message, StringComparison.Ordinal);
        Assert.Contains("ConsentHub__Secrets__MasterKey", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "secrets.json")));

        var configured = Settings(dir);
        foreach (var name in new[] { "MasterKey", "HashKey", "LinkKey" }) configured[$"ConsentHub:Secrets:{name}"] = Convert.ToBase64String(new byte[32]);
        await Create("Production", configured).DisposeAsync();
        Assert.False(File.Exists(Path.Combine(dir, "secrets.json")));

        var allowed = Settings(dir);
        allowed["ConsentHub:Secrets:AllowDataDir"] = "true";
        await Create("Production", allowed).DisposeAsync();
        Assert.True(File.Exists(Path.Combine(dir, "secrets.json")));
    }

    [Fact]
    public async Task Development_still_generates_its_secrets_in_the_data_folder()
    {
        var dir = TestHub.NewDataDir();
        await Create("Development", Settings(dir)).DisposeAsync();
        Assert.True(File.Exists(Path.Combine(dir, "secrets.json")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"masterKey\":\"not base64\"}")]
    [InlineData("{\"masterKey\":\"AAAA\",\"hashKey\":\"AAAA\",\"linkKey\":\"AAAA\"}")]
    [InlineData("[1,2")]
    public async Task A_broken_secrets_file_stops_the_hub_with_one_line_naming_the_file(string content)
    {
        var dir = TestHub.NewDataDir();
        var secrets = Path.Combine(dir, "secrets.json");
        await File.WriteAllTextAsync(secrets, content);
        var dll = typeof(Program).Assembly.Location;   // the self-hosted server, ConsentHub.dll
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["ConsentHub__DataDir"] = dir;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConsentHub__Secrets__AllowDataDir"] = "true";
        start.Environment["ConsentHub__PublicBaseUrl"] = "http://127.0.0.1:9";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        Assert.Equal(1, process.ExitCode);
        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.Contains(secrets, line, StringComparison.Ordinal);
        Assert.Contains("ConsentHub__Secrets__MasterKey", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", (await stdout) + line, StringComparison.Ordinal);
    }
}
