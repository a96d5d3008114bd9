using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests.Azure;

/// The zip infra/package.sh builds (test.sh runs it first): what Flex Consumption unpacks and the Functions host runs,
/// the isolated worker's publish output with the host's files at the root, and nothing of the old custom handler.
public sealed class PackageTests
{
    private static readonly string Root = CosmosServer.RepoRoot();
    private static readonly string ZipPath = Path.Combine(Root, "artifacts", "consenthub-functions.zip");
    private const string Worker = "ConsentHub.Functions.dll";

    private static ZipArchive Open()
    {
        Assert.True(File.Exists(ZipPath), $"{ZipPath} is missing: run infra/package.sh (test.sh does)");
        return ZipFile.OpenRead(ZipPath);
    }

    private static JsonElement Json(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name);
        Assert.True(entry is not null, $"the zip has no {name} at its root");
        using var stream = entry.Open();
        return JsonDocument.Parse(stream).RootElement.Clone();
    }

    [Fact]
    public void The_zip_holds_the_repositorys_host_json_at_its_root_without_a_custom_handler_or_a_bundle()
    {
        using var zip = Open();
        using (var reader = new StreamReader(zip.GetEntry("host.json")!.Open()))
            Assert.Equal(File.ReadAllText(Path.Combine(Root, "host.json")), reader.ReadToEnd());
        var host = Json(zip, "host.json");
        Assert.Equal("2.0", host.GetProperty("version").GetString());
        Assert.False(host.TryGetProperty("customHandler", out _));
        Assert.False(host.TryGetProperty("extensionBundle", out _));   // an isolated worker brings its extensions (.azurefunctions/)
    }

    [Fact]
    public void The_host_starts_the_framework_dependent_isolated_worker_the_zip_holds()
    {
        using var zip = Open();
        var worker = Json(zip, "worker.config.json").GetProperty("description");
        Assert.Equal("dotnet-isolated", worker.GetProperty("language").GetString());
        Assert.Equal(Worker, worker.GetProperty("defaultWorkerPath").GetString());
        Assert.NotNull(zip.GetEntry(Worker));
        Assert.NotNull(zip.GetEntry("ConsentHub.Hub.dll"));
        var runtime = Json(zip, "ConsentHub.Functions.runtimeconfig.json").GetProperty("runtimeOptions");
        Assert.True(runtime.TryGetProperty("framework", out _) || runtime.TryGetProperty("frameworks", out _), "the worker must run on the platform's .NET");
        Assert.Null(zip.GetEntry("libcoreclr.so"));   // not self-contained: Flex Consumption brings .NET 10
    }

    [Fact]
    public void Functions_metadata_lists_every_function_the_worker_declares_each_with_its_trigger()
    {
        using var zip = Open();
        var listed = Json(zip, "functions.metadata").EnumerateArray().ToList();
        Assert.Equal(DeclaredFunctions(zip).Order(StringComparer.Ordinal), listed.Select(f => f.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
        foreach (var function in listed)
        {
            Assert.Equal(Worker, Path.GetFileName(function.GetProperty("scriptFile").GetString()));
            Assert.Single(function.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Every_host_extension_the_worker_needs_travels_in_the_zip()
    {
        using var zip = Open();
        foreach (var extension in Json(zip, "extensions.json").GetProperty("extensions").EnumerateArray())
        {
            var hint = extension.GetProperty("hintPath").GetString()!;
            var path = hint.StartsWith("./", StringComparison.Ordinal) ? hint[2..] : hint;
            Assert.True(zip.GetEntry(path) is not null, $"extensions.json names {hint}, which the zip lacks");
        }
        Assert.Contains(zip.Entries, e => e.FullName.StartsWith(".azurefunctions/", StringComparison.Ordinal));
    }

    [Fact]
    public void Nothing_of_the_custom_handler_remains()
    {
        using var zip = Open();
        Assert.DoesNotContain(zip.Entries, e => e.Name == "function.json");
        Assert.DoesNotContain(zip.Entries, e => e.FullName.StartsWith("app/", StringComparison.Ordinal));
        Assert.Null(zip.GetEntry("ConsentHub.dll"));   // the self-hosted server is not the Functions app
    }

    /// The names of the [Function] methods in the zipped worker assembly, read from its metadata (not loaded).
    private static List<string> DeclaredFunctions(ZipArchive zip)
    {
        using var image = new MemoryStream();
        using (var stream = zip.GetEntry(Worker)!.Open()) stream.CopyTo(image);
        image.Position = 0;
        using var pe = new PEReader(image);
        var metadata = pe.GetMetadataReader();
        var names = new List<string>();
        foreach (var handle in metadata.CustomAttributes)
        {
            var attribute = metadata.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference) continue;
            var constructor = metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
            if (constructor.Parent.Kind != HandleKind.TypeReference) continue;
            var type = metadata.GetTypeReference((TypeReferenceHandle)constructor.Parent);
            if (metadata.GetString(type.Name) != "FunctionAttribute" || metadata.GetString(type.Namespace) != "Microsoft.Azure.Functions.Worker") continue;
            var blob = metadata.GetBlobReader(attribute.Value);
            Assert.Equal(1, blob.ReadUInt16());   // the attribute blob's prolog
            names.Add(blob.ReadSerializedString()!);
        }
        return names;
    }
}
