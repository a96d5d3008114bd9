using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace ConsentHub.Api.Tests.Kit;

/// The `bicep` CLI from the Azure.Bicep.CommandLine.linux-x64 package the test project's restore downloads (its path
/// is written into this assembly at build time). A missing binary fails the test that asked for it: the templates are
/// never passed over unchecked.
public static class BicepCli
{
    public static readonly string Infra = Path.Combine(CosmosServer.RepoRoot(), "infra");

    public static string Binary()
    {
        var path = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepCli").Value;
        Assert.True(File.Exists(path), $"the bicep CLI is not at {path}: restore the test project (the Azure.Bicep.CommandLine.linux-x64 PackageDownload)");
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) == 0)
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);   // a package's files may unpack without it
        return path!;
    }

    /// Every template: main.bicep and its modules, and any other .bicep under infra/ (not the npm packages).
    public static IReadOnlyList<string> Templates() =>
        Directory.GetFiles(Infra, "*.bicep", SearchOption.AllDirectories)
            .Where(f => !f.Contains("node_modules", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Infra, f)).Order(StringComparer.Ordinal).ToList();

    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Binary()) { WorkingDirectory = Infra, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static JsonElement? main;

    /// infra/main.bicep compiled to its ARM template (once per test run).
    public static async Task<JsonElement> MainTemplateAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (main is null)
            {
                var (code, output, errors) = await RunAsync("build", "main.bicep", "--stdout");
                Assert.True(code == 0, $"bicep build main.bicep exited {code}: {errors}");
                main = JsonDocument.Parse(output).RootElement.Clone();
            }
            return main.Value;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// Every resource of a type anywhere in the compiled template, nested module deployments included.
    public static IEnumerable<JsonElement> Resources(JsonElement template, string type)
    {
        var found = new List<JsonElement>();
        void Walk(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                if (element.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
                    && string.Equals(t.GetString(), type, StringComparison.OrdinalIgnoreCase)) found.Add(element);
                foreach (var property in element.EnumerateObject()) Walk(property.Value);
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray()) Walk(item);
            }
        }
        Walk(template);
        return found;
    }
}
