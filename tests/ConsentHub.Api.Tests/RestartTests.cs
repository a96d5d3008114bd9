using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub;

namespace ConsentHub.Api.Tests;

public sealed class RestartTests
{
    [Fact]
    public async Task Restarting_the_app_on_the_same_file_keeps_every_acknowledged_write()
    {
        var dir = TestHub.NewDataDir();
        string key;
        await using (var hub = await TestHub.StartAsync(dir))
        {
            using var tenant = await hub.CreateTenantAsync("restart");
            key = tenant.ApiKey;
            (await tenant.Client.PutAsync("/api/v1/restart/subjects/r1/contact-points", Http.JsonBody("""{"emails":["pysyva@example.fi"]}"""))).EnsureSuccessStatusCode();
            (await tenant.Client.PostJsonAsync("/api/v1/restart/subjects/r1/objections", new { scope = "direct-marketing", channel = "email" })).EnsureSuccessStatusCode();
        }
        await using (var again = await TestHub.StartAsync(dir))
        {
            using var client = again.Client(key);
            var prefs = await client.GetJsonAsync("/api/v1/restart/subjects/r1/preferences");
            Assert.Equal(2, prefs.GetProperty("version").GetInt64());
            Assert.Equal("pysyva@example.fi", prefs.GetProperty("contactPoints").GetProperty("emails")[0].GetString());
            Assert.Equal((false, "direct-marketing-prohibited"), (await client.CheckAsync("restart", "direct-marketing", "email", "pysyva@example.fi"))[0]);
        }
    }

    [Fact]
    public async Task Killing_the_process_loses_no_acknowledged_write()
    {
        var dir = TestHub.NewDataDir();
        string key;
        await using (var hub = await TestHub.StartAsync(dir))
        {
            using var tenant = await hub.CreateTenantAsync("killed");
            key = tenant.ApiKey;
        }

        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        using (var process = HubProcess.Start(dir, out var baseAddress))
        {
            using var client = new HttpClient { BaseAddress = baseAddress };
            client.DefaultRequestHeaders.Authorization = new("Bearer", key);
            await HubProcess.WaitHealthyAsync(client);
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    try
                    {
                        using var response = await client.PostJsonAsync($"/api/v1/killed/subjects/w{w}/objections", new { scope = "profiling", source = $"n{i}" });
                        if (response.StatusCode == HttpStatusCode.Created) acknowledged.Add($"w{w}:n{i}");
                    }
                    catch (HttpRequestException)
                    {
                        return;   // the process is gone
                    }
                }
            })).ToList();
            // The kill lands while writes flow: once some are acknowledged (a busy machine may take seconds for the
            // first), and a moment later, so that more are in flight. Without any, the assertion below fails.
            for (var waited = 0; acknowledged.Count < 20 && waited < 600 && writers.Any(t => !t.IsCompleted); waited++) await Task.Delay(100);
            await Task.Delay(300);
            process.Kill(entireProcessTree: true);   // SIGKILL: no shutdown, no flush
            await process.WaitForExitAsync();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        Assert.NotEmpty(acknowledged);
        await using var restarted = await TestHub.StartAsync(dir);
        using var reader = restarted.Client(key);
        var stored = new HashSet<string>();
        for (var w = 0; w < 8; w++)
        {
            using var response = await reader.GetAsync($"/api/v1/killed/subjects/w{w}/history");
            if (response.StatusCode == HttpStatusCode.NotFound) continue;
            foreach (var e in (await response.JsonAsync()).GetProperty("events").EnumerateArray())
                stored.Add($"w{w}:{e.GetProperty("source").GetString()}");
        }
        Assert.All(acknowledged, a => Assert.Contains(a, stored));
    }
}

/// The hub as its own OS process, as `dotnet run` would start it, so it can be killed for real.
internal static class HubProcess
{
    public static Process Start(string dataDir, out Uri baseAddress, IDictionary<string, string>? environment = null)
    {
        var port = FreePort();
        baseAddress = new Uri($"http://127.0.0.1:{port}");
        var dll = typeof(Program).Assembly.Location;   // the self-hosted server, ConsentHub.dll
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", baseAddress.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["ConsentHub__DataDir"] = dataDir;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConsentHub__Secrets__AllowDataDir"] = "true";   // a test folder: the keys may sit beside the data
        start.Environment["ConsentHub__PublicBaseUrl"] = baseAddress.ToString();
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static async Task WaitHealthyAsync(HttpClient client)
    {
        for (var attempt = 0; attempt < 150; attempt++)
        {
            try
            {
                using var response = await client.GetAsync("/health");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("the hub process did not answer /health");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
