using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Contracts;
using ConsentHub.Contracts.Api;

namespace ConsentHub.Api.Tests;

/// A check's answer is written straight to the response (CheckAnswer), not by the serializer: its bytes are still the
/// serializer's for the same results (names, order, left-out nulls, escaping), for every form of recipient, including
/// those the fast normaliser leaves to the reference and those that must be escaped in JSON.
public sealed class PermissionCheckAnswerTests() : HubTest("ans")
{
    private static readonly JsonSerializerOptions HttpOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    [Fact]
    public async Task The_answer_is_byte_for_byte_what_the_serializer_writes_for_its_results()
    {
        (await Client.PutAsync("/api/v1/ans/subjects/maija/contact-points", Http.JsonBody("""{"emails":["Maija@Example.FI"],"phones":["040 123 4567"]}"""))).EnsureSuccessStatusCode();
        (await Client.PostJsonAsync("/api/v1/ans/subjects/maija/objections", new { scope = "market-research", channel = "all" })).EnsureSuccessStatusCode();
        const string body = """
            {"purpose":"market-research","channel":"email","recipients":["Maija@example.fi"," Maija@EXAMPLE.FI\t","maija@example.fi",
             "subject:maija","a\"b@example.fi","back\\slash@example.fi","åsa@exämple.fi","<script>@example.fi","\u2028@x.fi",null,
             "040 123 4567","subject:nobody","Maija@example.fi"]}
            """;
        using var response = await Client.PostAsync("/api/v1/ans/permissions/check", Http.JsonBody(body));
        response.EnsureSuccessStatusCode();
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var written = await response.Content.ReadAsStringAsync();

        var results = JsonSerializer.Deserialize<CheckResponse>(written, Json.Options)!.Results;
        Assert.Equal(13, results.Count);
        Assert.Equal(("Maija@example.fi", false, "objected", "market-research"), (results[0].Recipient, results[0].Allowed, results[0].Reason, results[0].Scope));
        Assert.Equal(results[0] with { Recipient = " Maija@EXAMPLE.FI\t" }, results[1]);   // the same address in an odd form
        Assert.Equal(results[0] with { Recipient = "subject:maija" }, results[3]);
        Assert.Null(results[9].Recipient);
        Assert.Equal("invalid-recipient", results[9].Reason);
        Assert.Equal("invalid-recipient", results[10].Reason);   // a phone does not fit email
        Assert.Equal(JsonSerializer.Serialize(new CheckResponse(results), HttpOptions), written);
    }
}
