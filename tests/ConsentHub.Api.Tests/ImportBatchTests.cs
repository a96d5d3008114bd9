using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;
using static ConsentHub.Api.Tests.Kit.ImportKit;

namespace ConsentHub.Api.Tests;

public sealed class SqliteImportBatchTests() : ImportBatchTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.SqliteAsync();

    protected override Task DeliverAsync(params StreamId[] streams) => Task.CompletedTask;
}

[Collection(CosmosCollection.B)]
public sealed class CosmosImportBatchTests(CosmosServer server) : ImportBatchTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.ChangeFeedAsync(Hub, streams);

    protected override int People => 6;   // a line at a time against the emulator on a shared machine: a few, for the test's time
}

/// Lines of many people written together (on SQLite in one commit): each person's lines in their order, several
/// lines of one new person in the same batch, and an erased person's lines refused by number while the lines of the
/// others around them are written.
public abstract class ImportBatchTests() : StoreHubTest("erissa")
{
    private const string T = "erissa";

    /// People in the many-people import (three lines each): on SQLite enough for several full batches.
    protected virtual int People => 300;

    [Fact]
    public async Task One_persons_lines_are_written_in_order_and_an_erased_persons_lines_are_refused_while_the_others_are_written()
    {
        (await Client.PutAsync($"/api/v1/{T}/subjects/gone/contact-points", Http.JsonBody("""{"emails":["mennyt@example.fi"]}"""))).EnsureSuccessStatusCode();
        (await Client.DeleteAsync($"/api/v1/{T}/subjects/gone")).EnsureSuccessStatusCode();
        await DeliverAsync(StreamId.Subject(T, "gone"));
        var goneHistory = (await Client.HistoryAsync(T, "gone")).Count;

        using var answer = await Client.ImportAsync(T, "sekalainen", Lines(
            new { type = "contact-points", subjectId = "new-1", emails = new[] { "uusi@example.fi" }, source = "crm" },
            new { type = "consent", subjectId = "gone", purpose = "market-research", channel = "email", granted = true, policyVersion = "2025-01-01", source = "crm" },
            new { type = "newsletter", subjectId = "new-1", newsletter = "weekly", subscribed = true, source = "crm" },
            new { type = "objection", subjectId = "new-2", scope = "direct-marketing", channel = "email", source = "crm" },
            new { type = "newsletter", subjectId = "gone", newsletter = "weekly", subscribed = false, source = "crm" },
            new { type = "newsletter", subjectId = "new-1", newsletter = "weekly", subscribed = false, source = "crm" },
            new { type = "consent", subjectId = "new-1", purpose = "market-research", channel = "email", granted = true, policyVersion = "2025-01-01", source = "crm" }));
        var status = await answer.CompletedAsync(Client, T, "sekalainen");

        Assert.Equal((7, 5, 2), (status.GetProperty("linesRead").GetInt64(), status.GetProperty("written").GetInt64(), status.GetProperty("rejectedCount").GetInt64()));
        var refused = status.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal([2L, 5L], refused.Select(r => r.GetProperty("line").GetInt64()));
        Assert.All(refused, r => Assert.Contains("subject-erased", r.GetProperty("errors").GetProperty("subjectId")[0].GetString()));
        Assert.Equal(goneHistory, (await Client.HistoryAsync(T, "gone")).Count);

        Assert.Equal(4, (await Client.HistoryAsync(T, "new-1")).Count);
        // Subscribed on line 3 and unsubscribed on line 6: in that order, the person is off the list.
        Assert.Equal((false, "unsubscribed"), (await Client.CheckAsync(T, "newsletter:weekly", "email", "uusi@example.fi"))[0]);
        Assert.Equal((true, "consented"), (await Client.CheckAsync(T, "market-research", "email", "subject:new-1"))[0]);
        Assert.Single(await Client.HistoryAsync(T, "new-2"));
    }

    [Fact]
    public async Task Many_peoples_lines_in_one_import_are_each_written_once_and_a_repeat_replays_them_all()
    {
        var body = string.Concat(Enumerable.Range(0, People).SelectMany(i => new[]
        {
            Lines(new { type = "contact-points", subjectId = $"m-{i}", emails = new[] { $"m{i}@example.fi" }, phones = new[] { $"+35840{i:D7}" }, source = "crm" }),
            Lines(new { type = "consent", subjectId = $"m-{i}", purpose = "market-research", channel = "email", granted = i % 2 == 0, policyVersion = "2025-01-01", source = "crm" }),
            Lines(new { type = "objection", subjectId = $"m-{i}", scope = "direct-marketing", channel = "sms", source = "crm" }),
        }));
        using (var first = await Client.ImportAsync(T, "monta", body))
            Assert.Equal(3 * People, (await first.CompletedAsync(Client, T, "monta")).GetProperty("written").GetInt64());
        var events = await Hub.EventCountAsync(T);

        using var again = await Client.ImportAsync(T, "monta", body);
        var status = await again.CompletedAsync(Client, T, "monta");

        Assert.Equal((3L * People, 3L * People, 0L), (status.GetProperty("written").GetInt64(), status.GetProperty("replayed").GetInt64(), status.GetProperty("rejectedCount").GetInt64()));
        Assert.Equal(events, await Hub.EventCountAsync(T));
        foreach (var i in new[] { 0, People / 2, People - 1 })
        {
            Assert.Equal(3, (await Client.HistoryAsync(T, $"m-{i}")).Count);
            Assert.Equal((false, "direct-marketing-prohibited"), (await Client.CheckAsync(T, "direct-marketing", "sms", $"+35840{i:D7}"))[0]);
        }
    }
}
