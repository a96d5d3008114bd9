using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentHub.Api.Tests.Kit;
using static ConsentHub.Api.Tests.Kit.ImportKit;

namespace ConsentHub.Api.Tests;

public sealed class SqliteImportSendsNoConfirmationTests : ImportSendsNoConfirmationTests
{
    protected override Task<TestHub> StartAsync() => TestHub.StartAsync();
}

[Collection(CosmosCollection.A)]
public sealed class FunctionsAppImportSendsNoConfirmationTests(CosmosServer server) : ImportSendsNoConfirmationTests
{
    protected override Task<TestHub> StartAsync() => CosmosHub.StartAsync(server, CosmosServer.NewDatabase(), CosmosHub.NewSecrets());
}

/// An imported statement records what the person told the controller earlier, elsewhere: the hub passes an imported
/// objection on to SendGrid's suppressions as any other, but sends the person no opt-out confirmation (a register of
/// 750,000 prohibitions would otherwise text 750,000 people), and an imported subscription sends no double opt-in mail.
/// The same objection made over the API still confirms. Order, not time: the propagations have all completed when the
/// outbox is read, so a message not there was never to be sent.
public abstract class ImportSendsNoConfirmationTests
{
    private const string T = "migraatio";

    protected abstract Task<TestHub> StartAsync();

    [Fact]
    public async Task An_imported_objection_is_suppressed_in_SendGrid_without_a_confirmation_while_one_over_the_API_is_confirmed()
    {
        await using var hub = await StartAsync();
        var definition = JsonNode.Parse(JsonSerializer.Serialize(Catalogs.Tenant(T)))!.AsObject();
        definition["sendgrid"] = new JsonObject { ["marketingGroupIds"] = new JsonArray(4401) };   // no api key: the outbox stands in for SendGrid
        using var tenant = await hub.CreateTenantAsync(T, definition);

        var body = Lines(
            new { type = "contact-points", subjectId = "tuotu", emails = new[] { "tuotu@example.fi" }, phones = new[] { "+358401234567" }, source = "crm" },
            new { type = "objection", subjectId = "tuotu", scope = "direct-marketing", channel = "all", source = "crm", evidence = new { recordedBy = "crm-export" } },
            new { type = "contact-points", subjectId = "tilaaja", emails = new[] { "tilaaja@example.fi" }, source = "crm" },
            new { type = "newsletter", subjectId = "tilaaja", newsletter = "weekly", subscribed = true, source = "crm" });
        using (var answer = await tenant.Client.ImportAsync(T, "rekisteri-1", body))
            await answer.CompletedAsync(tenant.Client, T, "rekisteri-1");
        var propagations = await PropagationKit.SettledAsync(tenant, 1);

        var imported = PropagationKit.Target(propagations, "objection.recorded/v1", "sendgrid");
        Assert.Equal("succeeded", imported.GetProperty("status").GetString());
        Assert.Contains("tuotu@example.fi", await OutboxAsync(hub, "sendgrid.jsonl"), StringComparison.Ordinal);
        Assert.DoesNotContain("opt-out-confirmation", await OutboxAsync(hub, "email.jsonl"), StringComparison.Ordinal);
        Assert.DoesNotContain("newsletter-confirmation", await OutboxAsync(hub, "email.jsonl"), StringComparison.Ordinal);
        Assert.DoesNotContain("+358401234567", await OutboxAsync(hub, "sms.jsonl"), StringComparison.Ordinal);

        await tenant.ContactPointsAsync("oma", ["oma@example.fi"]);
        await tenant.RecordAsync("subjects/oma/objections", new { scope = "direct-marketing", channel = "email" });
        var confirmation = await Eventually.HoldsAsync(async () => (await OutboxAsync(hub, "email.jsonl")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => JsonDocument.Parse(l).RootElement.Clone())
                .FirstOrDefault(e => e.GetProperty("to").GetString() == "oma@example.fi" && e.GetProperty("kind").GetString() == "opt-out-confirmation"),
            e => e.ValueKind == JsonValueKind.Object, what: "the opt-out confirmation of the objection made over the API");
        Assert.Contains("suoramarkkinointikieltosi", confirmation.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    /// The outbox file's complete lines (a line being appended is left for the next read).
    private static async Task<string> OutboxAsync(TestHub hub, string file)
    {
        var path = Path.Combine(hub.DataDir, "outbox", file);
        var text = File.Exists(path) ? await File.ReadAllTextAsync(path) : "";
        return text[..(text.LastIndexOf('\n') + 1)];
    }
}
