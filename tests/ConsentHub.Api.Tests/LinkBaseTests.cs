using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub;
using ConsentHub.Hub.Newsletters;
using ConsentHub.Hub.Storage;
using static ConsentHub.Api.Tests.Kit.PeopleKit;

namespace ConsentHub.Api.Tests;

/// Absolute links come from configuration only: a request's Host header cannot choose where a person's token is
/// sent, and outside Development the hub does not start without its public base.
public sealed partial class LinkBaseTests
{
    private const string PublicBase = "https://hub.example.fi/";

    [GeneratedRegex("https?://[^\\s<>\"]+")]
    private static partial Regex Url();

    [Fact]
    public async Task A_subscription_sent_with_a_foreign_Host_mails_links_on_the_configured_base_only()
    {
        await using var hub = await TestHub.StartAsync(extra: new Dictionary<string, string?> { ["ConsentHub:PublicBaseUrl"] = PublicBase });
        using var t = await hub.CreateTenantAsync(Tenant("poison"));
        using var browser = hub.Client();
        using var request = Browser(HttpMethod.Post, $"/api/v1/{t.Id}/newsletters/weekly/subscriptions", t.SiteKey, json: new { email = "liisa@example.fi" });
        request.Headers.Host = "evil.example";
        using var response = await browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var mail = await hub.OutboxEmailAsync(t.Id, "liisa@example.fi", ConfirmationMessages.Kind);
        var urls = Url().Matches(mail.Text + mail.Html + string.Join(" ", mail.Headers.Values)).Select(m => m.Value).ToList();
        Assert.Contains(urls, u => u.StartsWith(PublicBase + "c/", StringComparison.Ordinal));
        Assert.Contains(urls, u => u.StartsWith(PublicBase + "u/", StringComparison.Ordinal));
        Assert.All(urls, u => Assert.StartsWith(PublicBase, u, StringComparison.Ordinal));
        Assert.DoesNotContain("evil.example", mail.Text + mail.Html + string.Join(" ", mail.Headers.Values), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Link_routes_answer_urls_on_the_configured_base_whatever_the_Host()
    {
        await using var hub = await TestHub.StartAsync(extra: new Dictionary<string, string?> { ["ConsentHub:PublicBaseUrl"] = PublicBase });
        using var t = await hub.CreateTenantAsync(Tenant("poison-api"));
        foreach (var route in new[] { "unsubscribe-links", "preference-links" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/{t.Id}/{route}")
            {
                Content = System.Net.Http.Json.JsonContent.Create(route == "unsubscribe-links" ? new { email = "a@example.fi", listId = "weekly" } : (object)new { email = "a@example.fi" }),
            };
            request.Headers.Host = "evil.example";
            using var response = await t.Client.SendAsync(request);
            var body = await response.JsonAsync();
            Assert.True(response.IsSuccessStatusCode, body.ToString());
            Assert.StartsWith(PublicBase, body.GetProperty("url").GetString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("", "is not set")]
    [InlineData("hub.example.fi", "not an absolute http(s) URL")]
    [InlineData("ftp://hub.example.fi", "not an absolute http(s) URL")]
    public async Task Outside_Development_the_hub_refuses_to_start_without_a_usable_public_base(string value, string why)
    {
        var refused = await Assert.ThrowsAsync<StartRefusedException>(() => TestHub.StartAsync(extra: new Dictionary<string, string?> { ["ConsentHub:PublicBaseUrl"] = value }));
        Assert.Contains("ConsentHub__PublicBaseUrl", refused.Message, StringComparison.Ordinal);
        Assert.Contains(why, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_published_hub_in_Production_without_a_public_base_exits_with_one_line_naming_the_setting()
    {
        var dll = typeof(Program).Assembly.Location;   // the self-hosted server, ConsentHub.dll
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["ConsentHub__DataDir"] = TestHub.NewDataDir();
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConsentHub__Secrets__AllowDataDir"] = "true";
        start.Environment.Remove("ConsentHub__PublicBaseUrl");
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.NotEqual(0, process.ExitCode);
        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"stderr: {await stderr}\nstdout: {await stdout}");
        Assert.Contains("ConsentHub__PublicBaseUrl", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_Development_host_filtering_refuses_a_Host_that_AllowedHosts_does_not_name()
    {
        var dataDir = TestHub.NewDataDir();
        var port = FreePort();
        await using var app = HubApp.Create(["--environment", "Development"], builder =>
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConsentHub:DataDir"] = dataDir, ["ConsentHub:PublicBaseUrl"] = "", ["AllowedHosts"] = "127.0.0.1",
            });
            builder.Logging.ClearProviders();
        });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using (var ok = await client.GetAsync("/health")) Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Host = "evil.example";
        using var refused = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        await app.StopAsync();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
