using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Requests;
using ConsentHub.Hub.Security;

namespace ConsentHub.Api.Tests;

public sealed class SqliteRequestAttachmentTests() : RequestAttachmentTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.SqliteAsync();

    protected override Task DeliverAsync(params StreamId[] streams) => Task.CompletedTask;   // the feed runs by itself
}

[Collection(CosmosCollection.A)]
public sealed class CosmosRequestAttachmentTests(CosmosServer server) : RequestAttachmentTests
{
    protected override Task<TestHub> StartHubAsync() => StoreLegs.CosmosAsync(server);

    protected override Task DeliverAsync(params StreamId[] streams) => StoreLegs.ChangeFeedAsync(Hub, streams);
}

/// Evidence of a request (a scanned signed letter): stored sealed, at most 5 MB, listed in the case, fetched back
/// byte for byte, and gone (key destroyed, bytes deleted) once the subject is erased. On Cosmos DB a file larger than
/// an item's 2 MB is stored in chunks.
public abstract class RequestAttachmentTests() : StoreHubTest("liite")
{
    private const int FiveMegabytes = 5 * 1024 * 1024;

    [Fact]
    public async Task A_scanned_letter_is_stored_listed_and_fetched_back_as_it_was_sent()
    {
        var id = await ReceiveAsync("l1");
        var letter = Pdf(2_600_000);   // over the 2 MB of a Cosmos DB item

        using var added = await Client.PostAsync($"/api/v1/liite/requests/{id}/attachments", Body(letter, "application/pdf"));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var attachment = await added.JsonAsync();
        var attachmentId = attachment.GetProperty("id").GetString()!;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(letter)), attachment.GetProperty("sha256").GetString());

        var listed = Assert.Single((await Client.GetJsonAsync($"/api/v1/liite/requests/{id}")).GetProperty("attachments").EnumerateArray());
        Assert.Equal((attachmentId, "application/pdf", (long)letter.Length, Convert.ToHexStringLower(SHA256.HashData(letter))),
            (listed.GetProperty("id").GetString(), listed.GetProperty("contentType").GetString(), listed.GetProperty("size").GetInt64(), listed.GetProperty("sha256").GetString()));
        Assert.True(listed.TryGetProperty("addedAt", out _));
        using var fetched = await Client.GetAsync($"/api/v1/liite/requests/{id}/attachments/{attachmentId}");
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal("application/pdf", fetched.Content.Headers.ContentType?.MediaType);
        Assert.Equal(letter, await fetched.Content.ReadAsByteArrayAsync());
        await (await Client.GetAsync($"/api/v1/liite/requests/{id}/attachments/nothing-here")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task The_bytes_are_kept_sealed_not_in_clear()
    {
        var id = await ReceiveAsync("l2");
        var scan = Pdf(50_000);
        using var added = await Client.PostAsync($"/api/v1/liite/requests/{id}/attachments", Body(scan, "image/png"));
        Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
        var attachmentId = (await added.JsonAsync()).GetProperty("id").GetString()!;

        var stored = await Hub.Services.GetRequiredService<IAttachmentStore>().GetAsync(RequestCases.StreamOf("liite", id), attachmentId, default);

        Assert.NotNull(stored);
        Assert.NotEqual(scan, stored);
        Assert.Equal(-1, stored.AsSpan().IndexOf(scan.AsSpan(0, 64)));
    }

    [Fact]
    public async Task Oversize_wrong_type_and_unknown_request_are_refused_and_a_retry_is_the_same_attachment()
    {
        var id = await ReceiveAsync("l3");
        // A declared size over the limit is refused before the body is sent (Expect: 100-continue, as curl sends it).
        using (var oversize = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/liite/requests/{id}/attachments") { Content = Body(new byte[FiveMegabytes + 1], "application/pdf") })
        {
            oversize.Headers.ExpectContinue = true;
            await (await Client.SendAsync(oversize)).AssertProblemAsync(413);
        }
        // Without a Content-Length the body is read up to the limit and no further.
        await (await Client.PostAsync($"/api/v1/liite/requests/{id}/attachments", Unsized(FiveMegabytes + 100_000, "image/jpeg"))).AssertProblemAsync(413);
        await (await Client.PostAsync($"/api/v1/liite/requests/{id}/attachments", Body(Pdf(100), "text/plain"))).AssertProblemAsync(415);
        await (await Client.PostAsync("/api/v1/liite/requests/nobody/attachments", Body(Pdf(100), "application/pdf"))).AssertProblemAsync(404);
        Assert.Empty((await Client.GetJsonAsync($"/api/v1/liite/requests/{id}")).GetProperty("attachments").EnumerateArray());

        using var largest = await Client.PostAsync($"/api/v1/liite/requests/{id}/attachments", Body(Pdf(FiveMegabytes), "image/jpeg"));
        Assert.Equal(HttpStatusCode.Created, largest.StatusCode);
        var first = await PostWithKeyAsync(id, "scan-1");
        var again = await PostWithKeyAsync(id, "scan-1");
        Assert.Equal(first, again);
        Assert.Equal(2, (await Client.GetJsonAsync($"/api/v1/liite/requests/{id}")).GetProperty("attachments").GetArrayLength());
    }

    [Fact]
    public async Task Erasing_the_subject_destroys_the_key_and_deletes_the_bytes()
    {
        (await Client.PutAsync("/api/v1/liite/subjects/l4/contact-points", Http.JsonBody("""{"emails":["liite@example.fi"]}"""))).EnsureSuccessStatusCode();
        var id = await ReceiveAsync("l4");
        using var added = await Client.PostAsync($"/api/v1/liite/requests/{id}/attachments", Body(Pdf(2_200_000), "application/pdf"));
        var attachmentId = (await added.JsonAsync()).GetProperty("id").GetString()!;
        var keep = await ReceiveAsync("l5");
        using var kept = await Client.PostAsync($"/api/v1/liite/requests/{keep}/attachments", Body(Pdf(1000), "application/pdf"));
        var keptId = (await kept.JsonAsync()).GetProperty("id").GetString()!;

        (await Client.DeleteAsync("/api/v1/liite/subjects/l4")).EnsureSuccessStatusCode();

        await (await Client.GetAsync($"/api/v1/liite/requests/{id}/attachments/{attachmentId}")).AssertProblemAsync(410);
        var stream = RequestCases.StreamOf("liite", id);
        Assert.Null(await Hub.Services.GetRequiredService<IAttachmentStore>().GetAsync(stream, attachmentId, default));
        Assert.Null(await Hub.Services.GetRequiredService<StreamKeys>().FindAsync(stream, default));
        await (await Client.PostAsync($"/api/v1/liite/requests/{id}/attachments", Body(Pdf(100), "application/pdf"))).AssertProblemAsync(410);
        using var other = await Client.GetAsync($"/api/v1/liite/requests/{keep}/attachments/{keptId}");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    private async Task<string> PostWithKeyAsync(string id, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/liite/requests/{id}/attachments") { Content = Body(Pdf(3000, seed: 7), "image/png") };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetString()!;
    }

    private async Task<string> ReceiveAsync(string subjectId)
    {
        using var response = await Client.PostJsonAsync("/api/v1/liite/requests", new { subjectId, type = "erasure", channel = "letter", identityVerifiedBy = "allekirjoitettu kirje" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetString()!;
    }

    private static byte[] Pdf(int size, int seed = 1)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }

    private static ByteArrayContent Body(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    /// A body sent chunked, with no Content-Length up front.
    private static StreamContent Unsized(int size, string type)
    {
        var content = new StreamContent(new UnseekableStream(new MemoryStream(new byte[size])));
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    private sealed class UnseekableStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
