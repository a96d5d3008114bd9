using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ConsentHub.Api.Tests.Kit;

public static class Http
{
    public static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body, string? idempotencyKey = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await client.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.JsonAsync();
    }

    /// Asserts an RFC 9457 answer with the status, and answers its body.
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        foreach (var member in new[] { "type", "title", "status", "detail" }) Assert.True(problem.TryGetProperty(member, out _), $"problem lacks {member}: {text}");
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    public static async Task<(bool Allowed, string Reason)[]> CheckAsync(this HttpClient client, string tenant, string purpose, string channel, params string[] recipients)
    {
        using var response = await client.PostJsonAsync($"/api/v1/{tenant}/permissions/check", new { purpose, channel, recipients });
        var body = await response.JsonAsync();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return [.. body.GetProperty("results").EnumerateArray().Select(r => (r.GetProperty("allowed").GetBoolean(), r.GetProperty("reason").GetString()!))];
    }
}
