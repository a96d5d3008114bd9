using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests;

public sealed class BadInputTests() : HubTest("bad")
{

    private Task<HttpResponseMessage> PostRawAsync(string path, string json) => Client.PostAsync(path, Http.JsonBody(json));

    [Theory]
    [InlineData("{bad", "$")]
    [InlineData("""{"purpose":"market-research","granted":"yes"}""", "granted")]
    [InlineData("""{"purpose":42,"granted":true}""", "purpose")]
    [InlineData("""{"purpose":"market-research","granted":true,"evidence":{"ip":7}}""", "evidence.ip")]
    public async Task Malformed_json_and_wrong_types_are_400_naming_the_field(string json, string field)
    {
        var problem = await (await PostRawAsync("/api/v1/bad/subjects/s/consents", json)).AssertProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task An_unknown_purpose_is_400()
    {
        var problem = await (await PostRawAsync("/api/v1/bad/subjects/s/consents", """{"purpose":"telepathy","granted":true}""")).AssertProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("purpose", out _));
    }

    [Fact]
    public async Task Unknown_fields_are_ignored()
    {
        using var response = await PostRawAsync("/api/v1/bad/subjects/s/objections", """{"scope":"profiling","favouriteColour":"blue"}""");
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_body_over_256_KiB_is_413()
    {
        var huge = "{\"scope\":\"profiling\",\"evidence\":{\"text\":\"" + new string('a', 300 * 1024) + "\"}}";
        await (await PostRawAsync("/api/v1/bad/subjects/s/objections", huge)).AssertProblemAsync(413);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415()
    {
        using var content = new StringContent("scope=profiling", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        await (await Client.PostAsync("/api/v1/bad/subjects/s/objections", content)).AssertProblemAsync(415);
    }

    [Theory]
    [InlineData("/api/v1/bad/subjects/131052-308T/objections", """{"scope":"profiling"}""", "subjectId")]
    [InlineData("/api/v1/bad/subjects/s/objections", """{"scope":"profiling","source":"asiakas 131052-308T soitti"}""", "source")]
    [InlineData("/api/v1/bad/subjects/s/restriction", """{"restricted":true,"reason":"hetu 010101A123N"}""", "reason")]
    public async Task A_personal_identity_code_in_an_id_or_free_text_is_refused_naming_the_field(string path, string json, string field)
    {
        var problem = await (await PostRawAsync(path, json)).AssertProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("sendgrid")]
    [InlineData("Twilio")]
    public async Task A_caller_cannot_claim_a_provider_as_the_source(string source)
    {
        var problem = await (await Client.PostJsonAsync("/api/v1/bad/subjects/s/objections", new { scope = "direct-marketing", source })).AssertProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("source", out _));
    }

    [Fact]
    public async Task Invalid_contact_points_are_400_with_their_index()
    {
        using var response = await Client.PutAsync("/api/v1/bad/subjects/s/contact-points", Http.JsonBody("""{"emails":["ok@example.fi","not-an-address"],"phones":["12"]}"""));
        var errors = (await response.AssertProblemAsync(400)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("emails[1]", out _));
        Assert.True(errors.TryGetProperty("phones[0]", out _));
    }

    [Fact]
    public async Task An_unknown_subject_is_404()
    {
        await (await Client.GetAsync("/api/v1/bad/subjects/nobody/preferences")).AssertProblemAsync(404);
        await (await Client.GetAsync("/api/v1/bad/subjects/nobody/history")).AssertProblemAsync(404);
    }

    [Theory]
    [InlineData("""{"purpose":"direct-marketing","channel":"email","recipients":[]}""", "recipients")]
    [InlineData("""{"purpose":"direct-marketing","channel":"pigeon","recipients":["a@b.fi"]}""", "channel")]
    [InlineData("""{"channel":"email","recipients":["a@b.fi"]}""", "purpose")]
    public async Task A_check_without_what_it_needs_is_400(string json, string field)
    {
        var problem = await (await PostRawAsync("/api/v1/bad/permissions/check", json)).AssertProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task A_check_of_more_than_10000_recipients_is_400()
    {
        var recipients = Enumerable.Range(0, 10_001).Select(i => $"r{i}@example.fi").ToArray();
        await (await Client.PostJsonAsync("/api/v1/bad/permissions/check", new { purpose = "direct-marketing", channel = "email", recipients })).AssertProblemAsync(400);
    }

    [Theory]
    [InlineData("/api/v1/bad/events?after=%%%")]
    [InlineData("/api/v1/bad/events?limit=0")]
    [InlineData("/api/v1/bad/suppressions?channel=email&purpose=direct-marketing&after=bm9wZQ")]
    [InlineData("/api/v1/bad/suppressions?channel=email&purpose=nothing")]
    public async Task Bad_feed_parameters_are_400(string path) =>
        await (await Client.GetAsync(path)).AssertProblemAsync(400);

    [Fact]
    public async Task A_tenant_with_a_wrong_business_id_check_digit_is_400()
    {
        using var op = Hub.Operator();
        var tenant = System.Text.Json.JsonSerializer.SerializeToNode(Catalogs.Tenant("wrong-id"))!;
        tenant["businessId"] = "2715049-7";
        var problem = await (await op.PostAsync("/api/v1/admin/tenants", Http.JsonBody(tenant.ToJsonString()))).AssertProblemAsync(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("businessId", out _));
    }

    [Fact]
    public async Task An_unknown_route_is_a_problem_too() =>
        await (await Client.GetAsync("/api/v1/bad/nothing-here")).AssertProblemAsync(404);
}
