using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using Microsoft.AspNetCore.Routing;

namespace ConsentHub.Api.Tests;

public sealed class OpenApiTests
{
    [Fact]
    public async Task The_served_document_describes_every_route_the_app_maps_and_no_other()
    {
        await using var hub = await TestHub.StartAsync();
        using var client = hub.Client();
        var document = await client.GetJsonAsync("/api/v1/openapi.json");
        Assert.StartsWith("3.1", document.GetProperty("openapi").GetString());

        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(op => op.Name is "get" or "post" or "put" or "delete" or "patch")
                .Select(op => $"{op.Name.ToUpperInvariant()} {path.Name}"))
            .ToHashSet();
        // Routes excluded from the description are not public API.
        var mapped = hub.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} /{e.RoutePattern.RawText!.Trim('/')}"))
            .Select(route => route.Replace("{*path}", "{path}", StringComparison.Ordinal))
            .ToHashSet();

        Assert.Empty(mapped.Except(documented));
        Assert.Empty(documented.Except(mapped));
    }

    [Fact]
    public void Every_event_schema_for_crms_parses_and_names_its_type()
    {
        var dir = Path.Combine(RepoRoot(), "contracts", "schemas");
        var schemas = Directory.GetFiles(dir, "*.schema.json");
        Assert.Equal(12, schemas.Length);
        foreach (var file in schemas)
        {
            using var schema = JsonDocument.Parse(File.ReadAllText(file));
            var type = Path.GetFileName(file).Replace(".schema.json", "", StringComparison.Ordinal);
            Assert.Contains(type, schema.RootElement.GetRawText(), StringComparison.Ordinal);
        }
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ConsentHub.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
