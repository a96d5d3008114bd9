using System.Reflection;
using System.Text.Json;

namespace ConsentHub.Api.Tests.Kit;

/// The functions the worker reports to the Functions host: the functions.metadata the Worker SDK generates into the
/// Functions app's build output (the same configuration as these tests), and the route prefix of the root host.json.
public static class FunctionsMetadata
{
    public sealed record Binding(string Name, string Type, string Direction, JsonElement Json)
    {
        public string? Text(string property) => Json.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }

    public sealed record Function(string Name, string EntryPoint, IReadOnlyList<Binding> Bindings)
    {
        public Binding Trigger => Bindings.Single(b => b.Type.EndsWith("Trigger", StringComparison.Ordinal));
    }

    public static string Path
    {
        get
        {
            var configuration = typeof(FunctionsMetadata).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
            return System.IO.Path.Combine(CosmosServer.RepoRoot(), "functions", "ConsentHub.Functions", "bin", configuration, "net10.0", "functions.metadata");
        }
    }

    public static IReadOnlyList<Function> Read()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path));
        return [.. document.RootElement.EnumerateArray().Select(f => new Function(f.GetProperty("name").GetString()!, f.GetProperty("entryPoint").GetString()!,
            [.. f.GetProperty("bindings").EnumerateArray().Select(b => new Binding(b.GetProperty("name").GetString()!, b.GetProperty("type").GetString()!,
                b.GetProperty("direction").GetString()!, b.Clone()))]))];
    }

    /// `extensions.http.routePrefix` of the root host.json; the host's default is `api`.
    public static string RoutePrefix()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(CosmosServer.RepoRoot(), "host.json")));
        return host.RootElement.TryGetProperty("extensions", out var e) && e.TryGetProperty("http", out var h) && h.TryGetProperty("routePrefix", out var p)
            ? p.GetString()! : "api";
    }
}
