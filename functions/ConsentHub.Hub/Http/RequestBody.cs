using Microsoft.AspNetCore.Http.HttpResults;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ConsentHub.Contracts;

namespace ConsentHub.Hub.Http;

/// A JSON body read by the hub itself, so every malformed input gets a problem answer naming the field.
public sealed record RequestBody<T>(T Value, string Hash);

public static class RequestBodies
{
    public const int MaxBytes = 256 * 1024;

    /// A write's Idempotency-Key and JSON body, in that order: the first problem found is the answer.
    public static async Task<(string? RequestId, RequestBody<T>? Body, ProblemHttpResult? Problem)> ReadWriteAsync<T>(HttpContext http) where T : class
    {
        var (requestId, keyProblem) = WriteHeaders.RequestId(http.Request);
        if (keyProblem is not null) return (null, null, keyProblem);
        var (body, problem) = await ReadAsync<T>(http);
        return (requestId, body, problem);
    }

    public static async Task<(RequestBody<T>? Body, ProblemHttpResult? Problem)> ReadAsync<T>(HttpContext context) where T : class =>
        await ReadAsync<T>(context, null);

    /// As ReadAsync, with the body's source-generated contract (a hot path: no reflection). `hashed` false: a read
    /// that no Idempotency-Key concerns (a check) skips the request's hash (Hash is empty).
    public static async Task<(RequestBody<T>? Body, ProblemHttpResult? Problem)> ReadAsync<T>(HttpContext context, JsonTypeInfo<T>? contract, bool hashed = true) where T : class
    {
        var request = context.Request;
        if (request.ContentLength > MaxBytes) return (null, TooLarge());
        if (request.ContentType is not { } type || !IsJson(type))
            return (null, Problems.Of(415, "unsupported-media-type", "Unsupported media type", "Send the body as application/json."));
        byte[] raw;
        try
        {
            raw = await ReadLimitedAsync(request.Body, request.ContentLength, context.RequestAborted);
        }
        catch (InvalidDataException)
        {
            return (null, TooLarge());
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge());
        }
        try
        {
            var value = contract is null ? JsonSerializer.Deserialize<T>(raw, Json.Options) : JsonSerializer.Deserialize(raw, contract);
            if (value is null) return (null, Problems.Validation("$", "A JSON object is required."));
            return (new RequestBody<T>(value, hashed ? HashOf(request, raw) : ""), null);
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "$" : ex.Path.TrimStart('$', '.');
            return (null, Problems.Validation(field, ex.Path is null or "$" ? "The body is not valid JSON." : "Has the wrong type or is not valid JSON."));
        }
    }

    /// What makes two requests "the same" for Idempotency-Key: method, path and body bytes.
    public static string HashOf(HttpRequest request, ReadOnlySpan<byte> body)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}\n"));
        sha.AppendData(body);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static bool IsJson(string contentType) =>
        contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
        || (contentType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && contentType.Contains("+json", StringComparison.OrdinalIgnoreCase));

    private static ProblemHttpResult TooLarge() =>
        Problems.Of(413, "payload-too-large", "Payload too large", $"Request bodies are limited to {MaxBytes / 1024} KiB.");

    private static async Task<byte[]> ReadLimitedAsync(Stream body, long? declared, CancellationToken ct)
    {
        if (declared is { } length and <= MaxBytes)
        {
            // The usual case (Content-Length given, checked against the limit above): read into an array of that size,
            // without a chunk and a copy per request; Kestrel ends the body at the declared length.
            var exact = new byte[length];
            var filled = 0;
            while (filled < exact.Length && await body.ReadAsync(exact.AsMemory(filled), ct) is var n and > 0) filled += n;
            return filled == exact.Length ? exact : exact[..filled];
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes) throw new InvalidDataException("too large");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
