using System.Net;
using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests;

public sealed class IdempotencyTests() : HubTest("idem")
{

    private static object Consent(bool granted) => new { purpose = "market-research", channel = "email", granted, source = "web-form" };

    private async Task<int> HistoryCountAsync(string subject) =>
        (await Client.GetJsonAsync($"/api/v1/idem/subjects/{subject}/history")).GetProperty("events").GetArrayLength();

    [Fact]
    public async Task A_repeat_with_the_same_key_and_body_returns_the_first_answer_and_records_nothing()
    {
        using var first = await Client.PostJsonAsync("/api/v1/idem/subjects/s1/consents", Consent(true), idempotencyKey: "k-1");
        using var again = await Client.PostJsonAsync("/api/v1/idem/subjects/s1/consents", Consent(true), idempotencyKey: "k-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(first.StatusCode, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(1, await HistoryCountAsync("s1"));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422()
    {
        using var first = await Client.PostJsonAsync("/api/v1/idem/subjects/s2/consents", Consent(true), idempotencyKey: "k-2");
        using var changed = await Client.PostJsonAsync("/api/v1/idem/subjects/s2/consents", Consent(false), idempotencyKey: "k-2");

        await changed.AssertProblemAsync(422);
        Assert.Equal(1, await HistoryCountAsync("s2"));
    }

    [Fact]
    public async Task Without_a_key_a_repeated_statement_is_new_evidence()
    {
        using var first = await Client.PostJsonAsync("/api/v1/idem/subjects/s3/consents", Consent(true));
        using var second = await Client.PostJsonAsync("/api/v1/idem/subjects/s3/consents", Consent(true));

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.NotEqual((await first.JsonAsync()).GetProperty("eventId").GetString(), (await second.JsonAsync()).GetProperty("eventId").GetString());
        Assert.Equal(2, await HistoryCountAsync("s3"));
    }

    [Fact]
    public async Task Replaying_a_contact_point_change_answers_the_subject_as_it_was_then()
    {
        using var first = await Client.PutAsync("/api/v1/idem/subjects/s4/contact-points", Http.JsonBody("""{"emails":["first@example.fi"]}"""));
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/idem/subjects/s4/contact-points") { Content = Http.JsonBody("""{"emails":["second@example.fi"]}""") };
        request.Headers.Add("Idempotency-Key", "k-4");
        using var second = await Client.SendAsync(request);
        using var objection = await Client.PostJsonAsync("/api/v1/idem/subjects/s4/objections", new { scope = "profiling" });
        using var replay = new HttpRequestMessage(HttpMethod.Put, "/api/v1/idem/subjects/s4/contact-points") { Content = Http.JsonBody("""{"emails":["second@example.fi"]}""") };
        replay.Headers.Add("Idempotency-Key", "k-4");
        using var replayed = await Client.SendAsync(replay);

        Assert.Equal(await second.Content.ReadAsStringAsync(), await replayed.Content.ReadAsStringAsync());
        Assert.Equal("\"2\"", replayed.Headers.ETag?.Tag);
        Assert.Equal(3, await HistoryCountAsync("s4"));
    }

    [Fact]
    public async Task Creating_a_tenant_again_with_the_same_key_answers_the_same_tenant_without_the_secret()
    {
        using var op = Hub.Operator();
        using var first = await op.PostJsonAsync("/api/v1/admin/tenants", Catalogs.Tenant("idem-two"), idempotencyKey: "t-1");
        using var again = await op.PostJsonAsync("/api/v1/admin/tenants", Catalogs.Tenant("idem-two"), idempotencyKey: "t-1");
        using var without = await op.PostJsonAsync("/api/v1/admin/tenants", Catalogs.Tenant("idem-two"));

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var expected = System.Text.Json.Nodes.JsonNode.Parse(await first.Content.ReadAsStringAsync())!.AsObject();
        expected.Remove("apiKey");   // the secret is shown once (API.md "Tenants")
        Assert.Equal(expected.ToJsonString(), await again.Content.ReadAsStringAsync());
        await without.AssertProblemAsync(409);
    }
}
