using System.Net;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Api.Tests;

public sealed class SqliteRequestCaseTests() : RequestCaseTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.SqliteAsync();

    protected override Task DeliverAsync(params StreamId[] streams) => Task.CompletedTask;   // the feed runs by itself
}

[Collection(CosmosCollection.B)]
public sealed class CosmosRequestCaseTests(CosmosServer server) : RequestCaseTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.ChangeFeedAsync(Hub, streams);
}

/// `GET …/requests/{id}` shows the case: its deadlines, how the identity was verified, and each event with its time
/// and, for an extension or a refusal, the reason; the list stays light. Erasing the subject shreds what was sealed.
public abstract class RequestCaseTests() : StoreHubTest("tapaus")
{
    [Fact]
    public async Task A_case_shows_its_deadlines_verification_and_history_with_reasons_and_the_list_shows_no_reasons()
    {
        var id = await ReceiveAsync("t1", "2026-01-31T10:00:00Z", "pankkitunnistus");
        (await Client.PostJsonAsync($"/api/v1/tapaus/requests/{id}/extend", new { reason = "Laaja pyyntö: tiedot kolmesta järjestelmästä" })).EnsureSuccessStatusCode();
        (await Client.PostJsonAsync($"/api/v1/tapaus/requests/{id}/reject", new { reason = "Pyyntö on ilmeisen perusteeton" })).EnsureSuccessStatusCode();

        var c = await Client.GetJsonAsync($"/api/v1/tapaus/requests/{id}");

        Assert.Equal(("t1", "access", "rejected", "api", "fi", true, "pankkitunnistus"), (c.GetProperty("subjectId").GetString(), c.GetProperty("type").GetString(),
            c.GetProperty("status").GetString(), c.GetProperty("channel").GetString(), c.GetProperty("language").GetString(), c.GetProperty("extended").GetBoolean(),
            c.GetProperty("identityVerifiedBy").GetString()));
        Assert.Equal(new DateTimeOffset(2026, 1, 31, 10, 0, 0, TimeSpan.Zero), c.GetProperty("receivedAt").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 2, 28, 21, 59, 59, TimeSpan.Zero), c.GetProperty("originalDueAt").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 4, 28, 20, 59, 59, TimeSpan.Zero), c.GetProperty("dueAt").GetDateTimeOffset());
        var history = c.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["received", "extended", "rejected"], history.Select(e => e.GetProperty("type").GetString()));
        Assert.All(history, e => Assert.True(e.GetProperty("at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5)));
        Assert.Equal("Laaja pyyntö: tiedot kolmesta järjestelmästä", history[1].GetProperty("reason").GetString());
        Assert.Equal(c.GetProperty("dueAt").GetDateTimeOffset(), history[1].GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal("Pyyntö on ilmeisen perusteeton", history[2].GetProperty("reason").GetString());
        Assert.Empty(c.GetProperty("attachments").EnumerateArray());

        var listed = (await Client.GetJsonAsync("/api/v1/tapaus/requests?subjectId=t1")).GetRawText();
        Assert.DoesNotContain("perusteeton", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("pankkitunnistus", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("history", listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_the_subjects_erasure_its_requests_show_no_reasons_or_verification_and_can_still_be_completed()
    {
        (await Client.PutAsync("/api/v1/tapaus/subjects/t2/contact-points", Http.JsonBody("""{"emails":["tapaus@example.fi"]}"""))).EnsureSuccessStatusCode();
        var erasure = await ReceiveAsync("t2", "2026-03-02T08:00:00Z", "kirje ja henkilökortin kopio");
        var access = await ReceiveAsync("t2", "2026-03-01T08:00:00Z", "puhelin, tunnistettu kysymyksin");
        (await Client.PostJsonAsync($"/api/v1/tapaus/requests/{erasure}/extend", new { reason = "Tiedot myös arkistossa" })).EnsureSuccessStatusCode();
        (await Client.PostJsonAsync($"/api/v1/tapaus/requests/{access}/reject", new { reason = "Henkilöllisyys ei varmistunut" })).EnsureSuccessStatusCode();
        var other = await ReceiveAsync("t3", "2026-03-01T08:00:00Z", "BankID");

        (await Client.DeleteAsync("/api/v1/tapaus/subjects/t2")).EnsureSuccessStatusCode();

        var erased = await Client.GetJsonAsync($"/api/v1/tapaus/requests/{erasure}");
        Assert.True(NullOrAbsent(erased, "identityVerifiedBy"), erased.ToString());
        Assert.True(NullOrAbsent(erased.GetProperty("history")[1], "reason"), erased.ToString());
        Assert.DoesNotContain("arkistossa", erased.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(["received", "extended"], erased.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.DoesNotContain("varmistunut", (await Client.GetJsonAsync($"/api/v1/tapaus/requests/{access}")).GetRawText(), StringComparison.Ordinal);
        Assert.Equal("BankID", (await Client.GetJsonAsync($"/api/v1/tapaus/requests/{other}")).GetProperty("identityVerifiedBy").GetString());

        // The erasure request is answered after the erasure; a reason for the person can no longer be kept.
        await (await Client.PostJsonAsync($"/api/v1/tapaus/requests/{erasure}/reject", new { reason = "myöhään" })).AssertProblemAsync(410);
        using var completed = await Client.PostAsync($"/api/v1/tapaus/requests/{erasure}/complete", null);
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        Assert.Equal("completed", (await Client.GetJsonAsync($"/api/v1/tapaus/requests/{erasure}")).GetProperty("status").GetString());
    }

    // The hub leaves null members out of its answers.
    private static bool NullOrAbsent(System.Text.Json.JsonElement e, string name) =>
        !e.TryGetProperty(name, out var value) || value.ValueKind == System.Text.Json.JsonValueKind.Null;

    private async Task<string> ReceiveAsync(string subjectId, string receivedAt, string identityVerifiedBy)
    {
        using var response = await Client.PostJsonAsync("/api/v1/tapaus/requests", new { subjectId, type = "access", receivedAt, identityVerifiedBy });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetString()!;
    }
}
