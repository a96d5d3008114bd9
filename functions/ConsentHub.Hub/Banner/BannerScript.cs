using System.IO.Compression;
using System.Security.Cryptography;

namespace ConsentHub.Hub.Banner;

/// `GET /banner.js`: the embedded script, gzipped once at start, cached by browsers and revalidated by ETag.
public static class BannerScript
{
    public const string ResourceName = "banner.js";

    private static readonly Lazy<(byte[] Plain, byte[] Gzip, string ETag)> Script = new(() =>
    {
        using var stream = typeof(BannerScript).Assembly.GetManifestResourceStream(ResourceName)!;
        using var plain = new MemoryStream();
        stream.CopyTo(plain);
        return (plain.ToArray(), Gzip(plain.ToArray()), "\"" + Convert.ToHexStringLower(SHA256.HashData(plain.ToArray()))[..32] + "\"");
    });

    public static byte[] Plain => Script.Value.Plain;

    /// The bytes a browser that accepts gzip downloads (the size the issue bounds at 8 KB).
    public static byte[] Gzipped => Script.Value.Gzip;

    public static IResult Serve(HttpContext http)
    {
        var (plain, gzip, etag) = Script.Value;
        var headers = http.Response.Headers;
        headers.ETag = etag;
        headers.CacheControl = "public, max-age=3600";
        headers.Vary = "Accept-Encoding";
        headers["Cross-Origin-Resource-Policy"] = "cross-origin";
        headers.XContentTypeOptions = "nosniff";
        if (http.Request.Headers.IfNoneMatch.ToString().Split(',').Any(t => t.Trim() == etag))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        var acceptsGzip = http.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase);
        if (acceptsGzip) headers.ContentEncoding = "gzip";
        return TypedResults.Bytes(acceptsGzip ? gzip : plain, "text/javascript; charset=utf-8");
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize)) gzip.Write(bytes);
        return output.ToArray();
    }
}
