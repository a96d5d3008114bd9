extern alias JsonSchemaValidator;

using System.Text.Json;
using JsonSchemaValidator::Json.Schema;

namespace ConsentHub.Api.Tests.Kit;

/// The published JSON Schemas (contracts/schemas), loaded once each, and a validation that says what failed where.
public static class Schemas
{
    private static readonly Dictionary<string, JsonSchema> Loaded = [];

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ConsentHub.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    public static void AssertValid(string file, JsonElement instance)
    {
        JsonSchema schema;
        // Loaded once: a schema's $id is registered when it is built, and a second registration of it fails.
        lock (Loaded)
            if (!Loaded.TryGetValue(file, out schema!))
                Loaded[file] = schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(RepoRoot(), "contracts", "schemas", file)));
        var result = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        var failures = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .Select(d => $"{d.InstanceLocation} ({d.EvaluationPath}): {string.Join("; ", d.Errors!.Values)}");
        Assert.True(result.IsValid, $"not valid against {file}:\n{string.Join("\n", failures)}");
    }
}
