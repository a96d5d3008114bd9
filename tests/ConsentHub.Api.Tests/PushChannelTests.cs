using System.Net;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Api.Tests;

public sealed class SqlitePushChannelTests() : PushChannelTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.SqliteAsync();

    protected override Task DeliverAsync(params StreamId[] streams) => Task.CompletedTask;   // the feed runs by itself
}

[Collection(CosmosCollection.B)]
public sealed class CosmosPushChannelTests(CosmosServer server) : PushChannelTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.ChangeFeedAsync(Hub, streams);
}

/// The push channel (a notice names push notifications): device tokens are a subject's contact points, checked as
/// `push:{token}` on channel `push`, objected to, listed as suppressed, exported, and shredded by erasure while the
/// prohibition keeps holding through the token's keyed hash.
public abstract class PushChannelTests() : StoreHubTest("tyonto")
{
    private const string Token = "dXNlcjEyMzQ1:APA91bHun4MxP5egoKMwt2KZFBaFUH-1RYqx";
    private const string Other = "f3c0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e";

    private async Task PutAsync(string subject, string json)
    {
        using var response = await Client.PutAsync($"/api/v1/tyonto/subjects/{subject}/contact-points", Http.JsonBody(json));
        response.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_device_token_is_a_contact_point_that_push_checks_and_objections_reach()
    {
        await PutAsync("p1", $$"""{"emails":["tyonto@example.fi"],"push":["  {{Token}} ","{{Other}}"]}""");
        var preferences = await Client.GetJsonAsync("/api/v1/tyonto/subjects/p1/preferences");
        Assert.Equal([Token, Other], preferences.GetProperty("contactPoints").GetProperty("push").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal([(true, "no-objection"), (false, "invalid-recipient")], await Client.CheckAsync("tyonto", "direct-marketing", "push", "push:" + Token, "tyonto@example.fi"));
        Assert.Equal((false, "invalid-recipient"), (await Client.CheckAsync("tyonto", "direct-marketing", "email", "push:" + Token))[0]);

        (await Client.PostJsonAsync("/api/v1/tyonto/subjects/p1/objections", new { scope = "direct-marketing", channel = "push" })).EnsureSuccessStatusCode();
        await DeliverAsync(StreamId.Subject("tyonto", "p1"));

        Assert.Equal([(false, "direct-marketing-prohibited"), (false, "direct-marketing-prohibited"), (false, "direct-marketing-prohibited")],
            await Client.CheckAsync("tyonto", "direct-marketing", "push", "push:" + Token, "push:" + Other, "subject:p1"));
        Assert.Equal((true, "no-objection"), (await Client.CheckAsync("tyonto", "direct-marketing", "email", "tyonto@example.fi"))[0]);
        Assert.Equal((true, "service-notice"), (await Client.CheckAsync("tyonto", "service-notices", "push", "push:" + Token))[0]);

        var suppressed = await Client.GetJsonAsync("/api/v1/tyonto/suppressions?channel=push&purpose=direct-marketing");
        Assert.Equal([Token, Other], suppressed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("contact").GetString()).Order(StringComparer.Ordinal));
        var emails = await Client.GetJsonAsync("/api/v1/tyonto/suppressions?channel=email&purpose=direct-marketing");
        Assert.Empty(emails.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_replaced_token_keeps_the_prohibition_it_had_and_the_new_one_gets_the_subject_statements()
    {
        await PutAsync("p2", $$"""{"push":["{{Token}}"]}""");
        (await Client.PostJsonAsync("/api/v1/tyonto/subjects/p2/objections", new { scope = "direct-marketing", channel = "all" })).EnsureSuccessStatusCode();
        await PutAsync("p2", $$"""{"push":["{{Other}}"]}""");
        (await Client.PostJsonAsync("/api/v1/tyonto/subjects/p2/objections", new { scope = "direct-marketing", channel = "all", lifted = true })).EnsureSuccessStatusCode();
        await DeliverAsync(StreamId.Subject("tyonto", "p2"));
        Assert.Equal([(false, "direct-marketing-prohibited"), (true, "no-objection")], await Client.CheckAsync("tyonto", "direct-marketing", "push", "push:" + Token, "push:" + Other));
    }

    [Theory]
    [InlineData("\"two words\"")]
    [InlineData("\"\"")]
    [InlineData("\"ääkkönen\"")]
    [InlineData("null")]
    public async Task A_token_that_is_no_device_token_is_refused(string token)
    {
        var response = await Client.PutAsync("/api/v1/tyonto/subjects/p3/contact-points", Http.JsonBody($$"""{"push":[{{token}}]}"""));
        var problem = await response.AssertProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("push[0]", out _), problem.ToString());
        var tooLong = await Client.PutAsync("/api/v1/tyonto/subjects/p3/contact-points", Http.JsonBody($$"""{"push":["{{new string('a', 513)}}"]}"""));
        await tooLong.AssertProblemAsync(400);
    }

    [Fact]
    public async Task Erasure_shreds_the_tokens_and_the_push_prohibition_still_holds()
    {
        await PutAsync("p4", $$"""{"push":["{{Token}}"]}""");
        (await Client.PostJsonAsync("/api/v1/tyonto/subjects/p4/objections", new { scope = "direct-marketing", channel = "push" })).EnsureSuccessStatusCode();
        var export = await Client.GetJsonAsync("/api/v1/tyonto/subjects/p4/export");
        Assert.Equal(Token, export.GetProperty("preferences").GetProperty("contactPoints").GetProperty("push")[0].GetString());
        Schemas.AssertValid("consenthub.subject-export.v1.schema.json", export);
        using (var csv = await Client.GetAsync("/api/v1/tyonto/subjects/p4/export?format=csv"))
            Assert.Contains($"contact-points,push,push,,{Token},", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using (var erased = await Client.DeleteAsync("/api/v1/tyonto/subjects/p4"))
            Assert.Equal(HttpStatusCode.Accepted, erased.StatusCode);
        await DeliverAsync(StreamId.Subject("tyonto", "p4"));

        Assert.Equal((false, "direct-marketing-prohibited"), (await Client.CheckAsync("tyonto", "direct-marketing", "push", "push:" + Token))[0]);
        Assert.Equal((false, "erased"), (await Client.CheckAsync("tyonto", "market-research", "email", "subject:p4"))[0]);
        foreach (var path in new[] { "export", "preferences", "history" })
            Assert.DoesNotContain(Token, (await Client.GetJsonAsync($"/api/v1/tyonto/subjects/p4/{path}")).GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, (await Client.GetJsonAsync("/api/v1/tyonto/events")).GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, (await Client.GetJsonAsync("/api/v1/tyonto/suppressions?channel=push&purpose=direct-marketing")).GetRawText(), StringComparison.Ordinal);
        // The subject stays erased: its tokens cannot be given to it again.
        await (await Client.PutAsync("/api/v1/tyonto/subjects/p4/contact-points", Http.JsonBody($$"""{"push":["{{Token}}"]}"""))).AssertProblemAsync(410);
    }
}
