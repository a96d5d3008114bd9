using System.Text;
using ConsentHub.Domain.Catalog;
using ConsentHub.Hub.Tenants;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ConsentHub.Hub.Demo;

/// In Development: creates the `demo` tenant once, issues a fresh key at every start and prints it with a few
/// ready commands. Keys are never stored in clear, so a restart gives a new key.
public sealed class DemoTenantSeeder(TenantService tenants, TenantRegistry registry, ITenantSource source, IServer server, IHostApplicationLifetime lifetime) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await source.EnsureAsync(DemoTenant.Id, refresh: true, cancellationToken);
        if (registry.Find(DemoTenant.Id) is null)
            await tenants.CreateAsync(DemoTenant.Definition, "seed:demo", "seed:demo", cancellationToken);
        var write = await tenants.IssueKeyAsync(DemoTenant.Id, Scopes.All, "auto:" + Guid.NewGuid().ToString("N"), "demo-start", cancellationToken);
        await source.EnsureAsync(DemoTenant.Id, refresh: true, cancellationToken);
        var siteKey = registry.Find(DemoTenant.Id)!.SiteKeys.FirstOrDefault() ?? "";
        lifetime.ApplicationStarted.Register(() => Console.WriteLine(Banner(BaseUrl(), write.ApiKey!, siteKey)));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private string BaseUrl() =>
        server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()?.Replace("://[::]", "://localhost").Replace("://0.0.0.0", "://localhost")
        ?? "http://localhost:5000";

    private static string Banner(string url, string apiKey, string siteKey)
    {
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine("ConsentHub demo tenant 'demo' (Pohjolan Kauppa Oy) is ready.");
        text.AppendLine($"  API key (all scopes, new at every start): {apiKey}");
        text.AppendLine($"  Site key (browser routes):                {siteKey}");
        text.AppendLine();
        text.AppendLine("Try:");
        text.AppendLine($"  export HUB={url} KEY={apiKey}");
        text.AppendLine("  curl -s $HUB/health");
        text.AppendLine("  curl -s -X PUT $HUB/api/v1/demo/subjects/crm-1001/contact-points -H \"Authorization: Bearer $KEY\" -H 'Content-Type: application/json' -d '{\"emails\":[\"maija.meikalainen@example.fi\"],\"phones\":[\"040 123 4567\"]}'");
        text.AppendLine("  curl -s -X POST $HUB/api/v1/demo/subjects/crm-1001/objections -H \"Authorization: Bearer $KEY\" -H 'Content-Type: application/json' -d '{\"scope\":\"direct-marketing\",\"channel\":\"all\",\"source\":\"customer-service\"}'");
        text.AppendLine("  curl -s -X POST $HUB/api/v1/demo/permissions/check -H \"Authorization: Bearer $KEY\" -H 'Content-Type: application/json' -d '{\"purpose\":\"direct-marketing\",\"channel\":\"email\",\"recipients\":[\"maija.meikalainen@example.fi\",\"subject:crm-1001\",\"someone@example.fi\"]}'");
        text.AppendLine("  curl -s $HUB/api/v1/demo/subjects/crm-1001/history -H \"Authorization: Bearer $KEY\"");
        return text.ToString();
    }
}
