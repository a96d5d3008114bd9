using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests;

public sealed class PropagationCrashTests
{
    private const int Subjects = 12;

    [Fact]
    public async Task Killing_the_hub_with_deliveries_in_flight_loses_no_task_and_never_calls_a_provider_more_often_than_the_log_says()
    {
        // Every third call fails, and every call is slow, so that the kill lands among attempts in flight.
        await using var sendGrid = await StubServer.StartAsync((_, n) => n % 3 == 0 ? (503, null, "busy") : (202, null, "{}"), TimeSpan.FromMilliseconds(150));
        await using var twilio = await StubServer.StartAsync((_, n) => n % 3 == 0 ? (503, null, "busy") : (201, null, "{}"), TimeSpan.FromMilliseconds(150));
        var settings = new Dictionary<string, string?>
        {
            ["ConsentHub:SendGrid:BaseUrl"] = sendGrid.BaseAddress.ToString(),
            ["ConsentHub:Twilio:BaseUrl"] = twilio.BaseAddress.ToString(),
            ["ConsentHub:Propagation:BaseDelay"] = "00:00:00.100",
            ["ConsentHub:Propagation:MaxAttempts"] = "6",
            ["ConsentHub:Propagation:Lease"] = "00:00:02",
            ["ConsentHub:Propagation:Parallelism"] = "2",
        };
        var dir = TestHub.NewDataDir();
        string key;
        await using (var setup = await TestHub.StartAsync(dir, extra: settings))
        {
            using var tenant = await setup.CreateTenantAsync("crash", Catalogs.Tenant("crash", sendgrid: Catalogs.SendGrid, twilio: Catalogs.Twilio));
            key = tenant.ApiKey;
            for (var i = 0; i < Subjects; i++)
                (await tenant.Client.PutAsync($"/api/v1/crash/subjects/c{i}/contact-points",
                    Http.JsonBody($$"""{"emails":["crash{{i}}@example.fi"],"phones":["040 600 00{{i:D2}}"]}"""))).EnsureSuccessStatusCode();
        }

        var acknowledged = new ConcurrentBag<int>();
        var environment = settings.ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value!);
        using (var process = HubProcess.Start(dir, out var baseAddress, environment))
        {
            using var client = new HttpClient { BaseAddress = baseAddress };
            client.DefaultRequestHeaders.Authorization = new("Bearer", key);
            await HubProcess.WaitHealthyAsync(client);
            await Task.WhenAll(Enumerable.Range(0, Subjects).Select(async i =>
            {
                using var response = await client.PostJsonAsync($"/api/v1/crash/subjects/c{i}/objections", new { scope = "direct-marketing", channel = "all" });
                if (response.StatusCode == HttpStatusCode.Created) acknowledged.Add(i);
            }));
            await Eventually.HoldsAsync(() => Task.FromResult(sendGrid.Requests.Count + twilio.Requests.Count), n => n >= 3, what: "deliveries under way");
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        Assert.Equal(Subjects, acknowledged.Count);

        await using var restarted = await TestHub.StartAsync(dir, extra: settings);
        using var reader = restarted.Client(key);
        var status = await Eventually.HoldsAsync(() => reader.GetJsonAsync("/api/v1/crash/propagations?limit=1000"),
            body => body.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("changeType").GetString() == "objection.recorded/v1") == Subjects
                && body.GetProperty("items").EnumerateArray().All(i => i.GetProperty("completed").GetBoolean()),
            TimeSpan.FromSeconds(60), "every propagation completed after the restart");

        foreach (var item in status.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("changeType").GetString() == "objection.recorded/v1"))
        {
            var subject = item.GetProperty("subjectId").GetString()!;
            var i = int.Parse(subject[1..], System.Globalization.CultureInfo.InvariantCulture);
            var targets = item.GetProperty("targets").EnumerateArray().ToDictionary(t => t.GetProperty("target").GetString()!);
            Assert.All(targets.Values, t => Assert.Contains(t.GetProperty("status").GetString(), new[] { "succeeded", "dead-lettered" }));
            var mails = sendGrid.Requests.Count(r => r.Path == $"/v3/asm/groups/{Catalogs.MarketingGroups[0]}/suppressions" && r.Body.Contains($"crash{i}@example.fi", StringComparison.Ordinal));
            var texts = twilio.Requests.Count(r => r.Body.Contains($"%2B3584060000{i:D2}", StringComparison.Ordinal));
            Assert.InRange(mails, 1, targets["sendgrid"].GetProperty("attempts").GetInt32());
            Assert.InRange(texts, 1, targets["sms"].GetProperty("attempts").GetInt32());
        }
    }
}
