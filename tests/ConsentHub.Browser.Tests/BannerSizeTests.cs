using System.IO.Compression;
using ConsentHub.Api.Tests.Kit;
using Xunit.Abstractions;

namespace ConsentHub.Browser.Tests;

public sealed class BannerSizeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Banner_js_is_at_most_8_KB_gzipped_as_served()
    {
        await using var hub = await TestHub.StartAsync();
        using var client = hub.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/banner.js");
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        using var response = await client.SendAsync(request);
        var gzipped = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("gzip", response.Content.Headers.ContentEncoding.Single());
        using var plain = new MemoryStream();
        await using (var unzip = new GZipStream(new MemoryStream(gzipped), CompressionMode.Decompress)) await unzip.CopyToAsync(plain);

        var report = $"banner.js: {gzipped.Length} bytes gzipped ({plain.Length} bytes plain); limit 8192";
        output.WriteLine(report);
        Console.WriteLine(report);
        Assert.InRange(gzipped.Length, 1, 8192);
        Assert.Contains("consenthub-banner", System.Text.Encoding.UTF8.GetString(plain.ToArray()), StringComparison.Ordinal);
    }
}
