using System.Text.Json;
using System.Text.RegularExpressions;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub.FunctionsHost;

namespace ConsentHub.Api.Tests.Azure;

/// What can be checked of the Bicep templates without a Bicep compiler: the settings and resources the app and
/// its functions name are there.
public sealed partial class InfraTests
{
    private static readonly string Root = CosmosServer.RepoRoot();
    private static readonly string Infra = Path.Combine(Root, "infra");

    private static string Template(string path) => File.ReadAllText(Path.Combine(Infra, path));

    private static HashSet<string> AppSettings() =>
        [.. SettingName().Matches(Template("modules/functionapp.bicep")).Select(m => m.Groups[1].Value)];

    [Fact]
    public void Every_setting_the_hub_reads_on_Azure_is_set_by_the_template()
    {
        var set = AppSettings();
        Assert.All(AzureSettings.Read, s => Assert.Contains(s, set));
        Assert.All(AzureSettings.NotOnAzure, s => Assert.DoesNotContain(s, set));   // no account keys, no local folder on Azure
    }

    [Fact]
    public void Every_configuration_key_in_the_source_is_one_the_settings_list_accounts_for()
    {
        var known = AzureSettings.Read.Concat(AzureSettings.NotOnAzure).Concat(AzureSettings.Optional).ToList();
        var keys = Directory.GetFiles(Path.Combine(Root, "functions", "ConsentHub.Hub"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .SelectMany(f => ConfigurationKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value.Replace(":", "__", StringComparison.Ordinal)))
            .Distinct().ToList();
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.True(known.Any(s => s == k || s.StartsWith(k + "__", StringComparison.Ordinal)), $"{k} is read but not listed in AzureSettings"));
    }

    [Fact]
    public void The_templates_hold_the_pieces_the_design_asks_for()
    {
        var main = Template("main.bicep");
        foreach (Match module in ModulePath().Matches(main))
            Assert.True(File.Exists(Path.Combine(Infra, module.Groups[1].Value)), $"main.bicep uses missing {module.Groups[1].Value}");
        foreach (var file in Directory.GetFiles(Infra, "*.bicep", SearchOption.AllDirectories).Where(f => !f.Contains("node_modules", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            Assert.Equal(text.Count(c => c == '{'), text.Count(c => c == '}'));
            Assert.Equal(text.Count(c => c == '['), text.Count(c => c == ']'));
        }
        var app = Template("modules/functionapp.bicep");
        Assert.Contains("name: 'custom'", app);
        Assert.Contains("tier: 'FlexConsumption'", app);
        Assert.Contains("'EnableServerless'", Template("modules/cosmos.bicep"));
        Assert.Contains("'00000000-0000-0000-0000-000000000002'", Template("modules/cosmos.bicep"));        // Cosmos DB Built-in Data Contributor
        Assert.Contains("'69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'", Template("modules/servicebus.bicep"));   // Service Bus Data Sender
        Assert.Contains("'4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'", Template("modules/servicebus.bicep"));   // Service Bus Data Receiver
        Assert.Contains("'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'", Template("modules/storage.bicep"));      // Storage Blob Data Owner
        Assert.All(AppSettingValues().Matches(app).Where(m => m.Groups[1].Value.StartsWith("ConsentHub__Secrets__", StringComparison.Ordinal)),
            m => Assert.StartsWith("'${secret}", m.Groups[2].Value, StringComparison.Ordinal));   // from Key Vault
    }

    [GeneratedRegex(@"\{ name: '([A-Za-z0-9_]+)', value:")]
    private static partial Regex SettingName();

    [GeneratedRegex(@"\{ name: '([A-Za-z0-9_]+)', value: ('[^}]*) \}")]
    private static partial Regex AppSettingValues();

    [GeneratedRegex(@"""(ConsentHub:[A-Za-z:]+)""")]
    private static partial Regex ConfigurationKey();

    [GeneratedRegex(@"module \w+ '([^']+)'")]
    private static partial Regex ModulePath();
}
