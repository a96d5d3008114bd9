using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace ConsentHub.Api.Tests.Kit;

/// Bulk imports from a test: a whole NDJSON body, or one streamed line by line while the test watches the progress.
public static class ImportKit
{
    public const string MediaType = "application/x-ndjson";

    public static string Lines(params object[] lines) => string.Concat(lines.Select(l => (l as string ?? JsonSerializer.Serialize(l)) + "\n"));

    public static async Task<HttpResponseMessage> ImportAsync(this HttpClient client, string tenant, string? id, string body, string mediaType = MediaType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/{tenant}/imports") { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        if (id is not null) request.Headers.Add("Idempotency-Key", id);
        return await client.SendAsync(request);
    }

    /// Posts an import whose body is written as the test hands it lines; the answer comes once the test ends the body.
    public static (Task<HttpResponseMessage> Answer, ChannelWriter<string> Lines) StreamImport(this HttpClient client, string tenant, string id, CancellationToken ct = default)
    {
        var lines = Channel.CreateUnbounded<string>();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/{tenant}/imports") { Content = new StreamedLines(lines.Reader) };
        request.Headers.Add("Idempotency-Key", id);
        return (client.SendAsync(request, ct), lines.Writer);
    }

    public static async Task<JsonElement> ImportStatusAsync(this HttpClient client, string tenant, string id) =>
        await client.GetJsonAsync($"/api/v1/{tenant}/imports/{id}");

    /// The progress, or null while the hub has not yet heard of the import (its request still on the way).
    public static async Task<JsonElement?> ImportStatusOrNoneAsync(this HttpClient client, string tenant, string id)
    {
        using var response = await client.GetAsync($"/api/v1/{tenant}/imports/{id}");
        return response.StatusCode == HttpStatusCode.NotFound ? null : await client.ImportStatusAsync(tenant, id);
    }

    public static async Task<JsonElement> CompletedAsync(this HttpResponseMessage answer, HttpClient client, string tenant, string id)
    {
        Assert.True(answer.StatusCode == HttpStatusCode.Accepted, $"{(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
        Assert.Equal(id, (await answer.JsonAsync()).GetProperty("id").GetString());
        var status = await client.ImportStatusAsync(tenant, id);
        Assert.Equal("completed", status.GetProperty("status").GetString());
        return status;
    }

    /// Chunked, flushed after every line: the hub sees each line as it is written.
    private sealed class StreamedLines : HttpContent
    {
        private readonly ChannelReader<string> _lines;

        public StreamedLines(ChannelReader<string> lines)
        {
            _lines = lines;
            Headers.ContentType = new(MediaType);
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, default);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken ct)
        {
            await foreach (var line in _lines.ReadAllAsync(ct))
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), ct);
                await stream.FlushAsync(ct);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
