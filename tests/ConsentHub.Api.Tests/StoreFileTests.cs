using System.Diagnostics;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub;
using ConsentHub.Hub.Storage;

namespace ConsentHub.Api.Tests;

/// Database files the hub must not start on, and the published binary started from a folder not its own.
public sealed class StoreFileTests
{
    private static string[] Args(string dataDir) =>
        ["--environment", "Production", "--ConsentHub:DataDir", dataDir, "--ConsentHub:Secrets:AllowDataDir", "true", "--ConsentHub:PublicBaseUrl", "http://127.0.0.1:9"];

    [Fact]
    public void A_file_that_is_not_a_database_stops_the_hub_with_one_line_naming_it_and_the_fix()
    {
        var dataDir = TestHub.NewDataDir();
        var db = Path.Combine(dataDir, "consenthub.db");
        File.WriteAllText(db, "these are not the pages of a SQLite database, but long enough to look like a header...........");

        var refused = Assert.Throws<StartRefusedException>(() => HubApp.Create(Args(dataDir), b => b.Logging.ClearProviders()));

        Assert.Contains(db, refused.Message, StringComparison.Ordinal);
        Assert.Contains("Restore it from a backup", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
    }

    [Fact]
    public async Task An_empty_database_beside_the_secrets_of_an_earlier_start_is_refused()
    {
        var dataDir = TestHub.NewDataDir();
        await using (var first = await TestHub.StartAsync(dataDir))
        {
            using var tenant = await first.CreateTenantAsync("lost");
        }
        Assert.True(File.Exists(Path.Combine(dataDir, "secrets.json")));
        foreach (var file in Directory.GetFiles(dataDir, "consenthub.db*")) File.Delete(file);
        File.WriteAllBytes(Path.Combine(dataDir, "consenthub.db"), []);

        var refused = Assert.Throws<StartRefusedException>(() => HubApp.Create(Args(dataDir), b => b.Logging.ClearProviders()));

        Assert.Contains(Path.Combine(dataDir, "consenthub.db"), refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
    }

    [Fact]
    public async Task The_binary_on_a_corrupt_database_exits_with_one_line_on_stderr_and_no_stack_trace()
    {
        var dataDir = TestHub.NewDataDir();
        File.WriteAllText(Path.Combine(dataDir, "consenthub.db"), new string('x', 4096));

        var (exit, stdout, stderr) = await RunAsync(Directory.CreateTempSubdirectory("consenthub-cwd-").FullName, new() { ["ConsentHub__DataDir"] = dataDir });

        Assert.NotEqual(0, exit);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains(Path.Combine(dataDir, "consenthub.db"), line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_binary_started_from_another_folder_reads_the_settings_beside_it()
    {
        var environment = "StoreFileTests" + Guid.NewGuid().ToString("N")[..8];
        var settings = Path.Combine(AppContext.BaseDirectory, $"appsettings.{environment}.json");   // beside the app, as a deployment's file would be
        var dataDir = TestHub.NewDataDir();
        var cwd = Directory.CreateTempSubdirectory("consenthub-cwd-").FullName;
        File.WriteAllText(Path.Combine(dataDir, "consenthub.db"), new string('x', 4096));   // the start fails on it: proof the setting was read
        File.WriteAllText(settings, $$"""{ "ConsentHub": { "DataDir": "{{dataDir}}" } }""");
        try
        {
            var (exit, _, stderr) = await RunAsync(cwd, new() { ["ASPNETCORE_ENVIRONMENT"] = environment });

            Assert.NotEqual(0, exit);
            Assert.Contains(dataDir, stderr, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(cwd, ".consenthub")));
        }
        finally
        {
            File.Delete(settings);
        }
    }

    /// The built app (beside the tests) as a process, until it exits on its own.
    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string workingDirectory, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "ConsentHub.exe" : "ConsentHub"))
        {
            WorkingDirectory = workingDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["ConsentHub__PublicBaseUrl"] = "http://127.0.0.1:9";
        start.Environment["ConsentHub__Secrets__AllowDataDir"] = "true";
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
