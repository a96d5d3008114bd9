using System.Runtime.Versioning;
using System.Text.Json;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Functions;

namespace ConsentHub.Api.Tests.Azure;

/// The compiled templates hold what the design asks for on Azure: the isolated worker on Flex Consumption at the
/// Functions app's .NET version, identity-based storage with the roles the Durable task hub needs, the
/// `preference-events` topic with duplicate detection, Cosmos DB, Key Vault references, Application Insights.
public sealed class InfraTests
{
    private static string Module(string name) => File.ReadAllText(Path.Combine(BicepCli.Infra, "modules", name));

    private static async Task<JsonElement> OneAsync(string type)
    {
        var found = BicepCli.Resources(await BicepCli.MainTemplateAsync(), type).ToList();
        Assert.True(found.Count == 1, $"expected one {type} in the compiled main.bicep, found {found.Count}");
        return found[0];
    }

    [Fact]
    public async Task The_app_runs_on_Flex_Consumption_as_dotnet_isolated_at_the_Functions_apps_dotnet_version()
    {
        var plan = await OneAsync("Microsoft.Web/serverfarms");
        Assert.Equal(("FC1", "FlexConsumption"), (plan.GetProperty("sku").GetProperty("name").GetString(), plan.GetProperty("sku").GetProperty("tier").GetString()));

        var config = (await OneAsync("Microsoft.Web/sites")).GetProperty("properties").GetProperty("functionAppConfig");
        var framework = typeof(AzureSettings).Assembly.GetCustomAttributes(typeof(TargetFrameworkAttribute), false).Cast<TargetFrameworkAttribute>().Single();
        var version = framework.FrameworkName.Split("Version=v")[1];   // ".NETCoreApp,Version=v10.0" → "10.0"
        Assert.Equal(("dotnet-isolated", version), (config.GetProperty("runtime").GetProperty("name").GetString(), config.GetProperty("runtime").GetProperty("version").GetString()));

        var storage = config.GetProperty("deployment").GetProperty("storage");
        Assert.Equal("blobContainer", storage.GetProperty("type").GetString());
        Assert.Equal("UserAssignedIdentity", storage.GetProperty("authentication").GetProperty("type").GetString());
        Assert.True(config.GetProperty("scaleAndConcurrency").TryGetProperty("instanceMemoryMB", out _));
    }

    [Fact]
    public async Task The_app_runs_as_the_user_assigned_identity_and_reads_Key_Vault_references_with_it()
    {
        var site = await OneAsync("Microsoft.Web/sites");
        Assert.Equal("UserAssigned", site.GetProperty("identity").GetProperty("type").GetString());
        Assert.True(site.GetProperty("properties").TryGetProperty("keyVaultReferenceIdentity", out _));
        var settings = await AppSettingsTests.TemplateSettingsAsync();
        foreach (var secret in new[] { "ConsentHub__Secrets__MasterKey", "ConsentHub__Secrets__HashKey", "ConsentHub__Secrets__LinkKey", "ConsentHub__AdminKey" })
            Assert.Contains("@Microsoft.KeyVault(", settings[secret], StringComparison.Ordinal);
        Assert.Contains("'4633458b-17de-408a-b874-0445c86b69e6'", Module("keyvault.bicep"), StringComparison.Ordinal);   // Key Vault Secrets User
    }

    [Fact]
    public async Task The_host_and_the_Durable_task_hub_use_identity_based_storage_with_the_roles_they_need()
    {
        var settings = await AppSettingsTests.TemplateSettingsAsync();
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);   // no connection string
        var account = await OneAsync("Microsoft.Storage/storageAccounts");
        Assert.False(account.GetProperty("properties").GetProperty("allowSharedKeyAccess").GetBoolean());
        var storage = Module("storage.bicep");
        Assert.Contains("'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'", storage, StringComparison.Ordinal);   // Storage Blob Data Owner (host leases, deployment package)
        Assert.Contains("'974c5e8b-45b9-4653-ba55-5f855dd0fb88'", storage, StringComparison.Ordinal);   // Storage Queue Data Contributor (task hub queues)
        Assert.Contains("'0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'", storage, StringComparison.Ordinal);   // Storage Table Data Contributor (history, instances)
    }

    [Fact]
    public async Task Service_Bus_has_only_the_preference_events_topic_with_duplicate_detection()
    {
        var topic = await OneAsync("Microsoft.ServiceBus/namespaces/topics");
        Assert.Contains("'preference-events'", topic.GetProperty("name").GetString(), StringComparison.Ordinal);   // "[format('{0}/{1}', …, 'preference-events')]"
        Assert.True(topic.GetProperty("properties").GetProperty("requiresDuplicateDetection").GetBoolean());
        Assert.Empty(BicepCli.Resources(await BicepCli.MainTemplateAsync(), "Microsoft.ServiceBus/namespaces/topics/subscriptions"));
        Assert.DoesNotContain("'propagation'", Module("servicebus.bicep"), StringComparison.Ordinal);
        Assert.Contains("'69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'", Module("servicebus.bicep"), StringComparison.Ordinal);   // Service Bus Data Sender
        Assert.True((await OneAsync("Microsoft.ServiceBus/namespaces")).GetProperty("properties").GetProperty("disableLocalAuth").GetBoolean());
    }

    [Fact]
    public async Task Cosmos_DB_is_serverless_keyless_and_has_the_hubs_containers()
    {
        var account = await OneAsync("Microsoft.DocumentDB/databaseAccounts");
        Assert.True(account.GetProperty("properties").GetProperty("disableLocalAuth").GetBoolean());
        var cosmos = Module("cosmos.bicep");
        Assert.Contains("'EnableServerless'", cosmos, StringComparison.Ordinal);
        Assert.Contains("'00000000-0000-0000-0000-000000000002'", cosmos, StringComparison.Ordinal);   // Cosmos DB Built-in Data Contributor
        foreach (var container in new[] { "events", "keys", "views", "leases" })
            Assert.Contains($"name: '{container}'", cosmos, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Application_Insights_takes_the_hosts_telemetry_signed_in_with_the_identity()
    {
        var insights = await OneAsync("Microsoft.Insights/components");
        Assert.True(insights.GetProperty("properties").GetProperty("DisableLocalAuth").GetBoolean());
        var settings = await AppSettingsTests.TemplateSettingsAsync();
        Assert.Contains("Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
        Assert.Contains("'3913510d-42f4-4e42-8a64-420c390055eb'", Module("monitoring.bicep"), StringComparison.Ordinal);   // Monitoring Metrics Publisher
    }
}
