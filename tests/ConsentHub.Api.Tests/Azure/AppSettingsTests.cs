using System.Reflection;
using System.Text.RegularExpressions;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Functions;
using ConsentHub.Hub;

namespace ConsentHub.Api.Tests.Azure;

/// Source ↔ AzureSettings ↔ templates: every setting the code reads is listed in ConsentHub.Functions/AzureSettings.cs,
/// every listed setting Azure needs is set by the compiled templates, and the templates set nothing nobody reads.
/// Each failure names the setting and where to add it.
public sealed partial class AppSettingsTests
{
    private const string Template = "infra/modules/functionapp.bicep (resource appSettings)";
    private static readonly string Root = CosmosServer.RepoRoot();
    private static readonly Assembly[] Code = [typeof(HubOptions).Assembly, typeof(AzureSettings).Assembly];
    private static readonly string[] CodeFolders = ["functions/ConsentHub.Hub", "functions/ConsentHub.Functions"];

    private static IEnumerable<string> Listed =>
        AzureSettings.Read.Concat(AzureSettings.Host).Concat(AzureSettings.Optional).Concat(AzureSettings.NotOnAzure);

    /// The app settings the compiled templates give the Functions app: name → ARM value expression.
    public static async Task<Dictionary<string, string>> TemplateSettingsAsync()
    {
        var config = BicepCli.Resources(await BicepCli.MainTemplateAsync(), "Microsoft.Web/sites/config")
            .Where(r => r.GetProperty("name").GetString()!.Contains("appsettings", StringComparison.Ordinal)).ToList();
        Assert.True(config.Count == 1, $"{Template}: expected one sites/config 'appsettings' resource, found {config.Count}");
        return config[0].GetProperty("properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString(), StringComparer.Ordinal);
    }

    [Fact]
    public async Task Every_setting_the_Functions_app_reads_on_Azure_is_set_by_the_templates()
    {
        var set = await TemplateSettingsAsync();
        var missing = AzureSettings.Read.Select(s => (s, "AzureSettings.Read")).Concat(AzureSettings.Host.Select(s => (s, "AzureSettings.Host")))
            .Where(s => !set.ContainsKey(s.Item1))
            .Select(s => $"{s.Item1} (in {s.Item2}) is not set by {Template}: add it there").ToList();
        Assert.True(missing.Count == 0, string.Join('\n', missing));
    }

    [Fact]
    public async Task The_templates_set_only_settings_the_app_reads_and_none_Flex_Consumption_refuses()
    {
        var set = await TemplateSettingsAsync();
        var known = AzureSettings.Read.Concat(AzureSettings.Host).Concat(AzureSettings.Optional).ToList();
        var stale = set.Keys.Where(s => !known.Any(k => Covers(k, s)))
            .Select(s => $"{s} is set by {Template} but not listed in AzureSettings (Read, Host or Optional): list it or drop it").ToList();
        var refused = set.Keys.Where(s => AzureSettings.NotOnAzure.Concat(AzureSettings.NotOnFlexConsumption).Any(k => Covers(k, s)))
            .Select(s => $"{s} is set by {Template} but must not be on Azure (AzureSettings.NotOnAzure / NotOnFlexConsumption)").ToList();
        Assert.True(stale.Count + refused.Count == 0, string.Join('\n', stale.Concat(refused)));
    }

    [Fact]
    public void Every_configuration_key_the_code_reads_is_listed_in_AzureSettings()
    {
        var unlisted = SourceKeys().Where(k => !Listed.Any(s => Covers(s, k.Key) || Covers(k.Key, s)))
            .Select(k => $"{k.Key} (read in {k.Value}) is not listed in functions/ConsentHub.Functions/AzureSettings.cs: add it to Read "
                         + $"(and set it in {Template}), or to Optional / NotOnAzure").ToList();
        Assert.True(unlisted.Count == 0, string.Join('\n', unlisted));
    }

    [Fact]
    public async Task Every_binding_expression_names_a_listed_setting_the_templates_set()
    {
        // %Name% in a trigger (as the worker reports it in functions.metadata) or in host.json is resolved from app
        // settings when the host indexes the functions: unset, the function does not start.
        var set = await TemplateSettingsAsync();
        var problems = BindingExpressions().SelectMany(e => new[]
            {
                set.ContainsKey(e.Setting) ? null : $"%{e.Setting}% (in {e.Where}) is not set by {Template}: add it there",
                AzureSettings.Read.Contains(e.Setting) ? null : $"%{e.Setting}% (in {e.Where}) is not in AzureSettings.Read: add it there",
            }).OfType<string>().Distinct().ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void The_source_scan_finds_the_keys_it_must()
    {
        // Proves the scan can see what it checks: a literal key, an options class's bound property, a section.
        var keys = SourceKeys();
        Assert.Contains("ConsentHub__SendGrid__BaseUrl", keys.Keys);
        Assert.Contains("ConsentHub__AdminKey", keys.Keys);
        Assert.Contains("ConsentHub__Propagation__MaxAttempts", keys.Keys);
    }

    /// A setting covers another when they are the same or one is a section holding the other.
    private static bool Covers(string section, string key) =>
        string.Equals(section, key, StringComparison.Ordinal) || key.StartsWith(section + "__", StringComparison.Ordinal);

    /// Every configuration key the hub and the Functions app read, as an app-setting name → where: `ConsentHub:…`
    /// literals in the source, and the bound properties of each options class (a `Section` constant).
    private static Dictionary<string, string> SourceKeys()
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in CodeFolders)
            foreach (var file in CodeFiles(folder))
                foreach (Match m in ConfigurationKey().Matches(File.ReadAllText(file)))
                    keys.TryAdd(m.Groups[1].Value.Replace(":", "__", StringComparison.Ordinal), Path.GetRelativePath(Root, file));
        foreach (var type in Code.SelectMany(a => a.GetTypes()))
        {
            if (type.GetField("Section", BindingFlags.Public | BindingFlags.Static) is not { IsLiteral: true } field
                || field.GetRawConstantValue() is not string section || !section.StartsWith("ConsentHub", StringComparison.Ordinal)) continue;
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true))
                keys.TryAdd($"{section}:{property.Name}".Replace(":", "__", StringComparison.Ordinal), type.FullName!);
        }
        return keys;
    }

    /// The `%…%` settings the Functions app's triggers (its generated functions.metadata, built with this test project)
    /// and host.json name.
    private static List<(string Setting, string Where)> BindingExpressions()
    {
        var configuration = typeof(AppSettingsTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var metadata = Path.Combine(Root, "functions", "ConsentHub.Functions", "bin", configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(metadata), $"{metadata} is missing: build functions/ConsentHub.Functions ({configuration})");
        return new[] { metadata, Path.Combine(Root, "host.json") }
            .SelectMany(f => BindingExpression().Matches(File.ReadAllText(f))
                .Select(m => (m.Groups[1].Value.Replace(":", "__", StringComparison.Ordinal), Path.GetRelativePath(Root, f))))
            .Distinct().ToList();
    }

    private static IEnumerable<string> CodeFiles(string folder) =>
        Directory.GetFiles(Path.Combine(Root, folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .Where(f => Path.GetFileName(f) != "AzureSettings.cs");   // the list itself reads nothing

    [GeneratedRegex(@"""(ConsentHub(?::|__)[A-Za-z0-9:_]+)""")]
    private static partial Regex ConfigurationKey();

    [GeneratedRegex(@"%([A-Za-z_][A-Za-z0-9_:]*)%")]
    private static partial Regex BindingExpression();
}
