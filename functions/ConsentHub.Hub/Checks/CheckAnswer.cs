using System.Text.Encodings.Web;
using System.Text.Json;
using ConsentHub.Contracts.Api;
using ConsentHub.Domain.Checks;
using Microsoft.AspNetCore.Http.Metadata;

namespace ConsentHub.Hub.Checks;

/// The answer of a permission check (CheckResponse) written straight to the response with a Utf8JsonWriter: no
/// CheckResult object per recipient and no serializer between. The bytes are the serializer's: the same names in the
/// same order, `recipient` and `scope` left out when null (WhenWritingNull), the HTTP options' encoder, no indentation.
public sealed class CheckAnswer(IReadOnlyList<string?> recipients, IReadOnlyList<Permission> permissions) : IResult, IEndpointMetadataProvider
{
    private static readonly JsonEncodedText Results = JsonEncodedText.Encode("results");
    private static readonly JsonEncodedText Recipient = JsonEncodedText.Encode("recipient");
    private static readonly JsonEncodedText Allowed = JsonEncodedText.Encode("allowed");
    private static readonly JsonEncodedText Reason = JsonEncodedText.Encode("reason");
    private static readonly JsonEncodedText Scope = JsonEncodedText.Encode("scope");
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
    private const int FlushAt = 16 * 1024;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        var body = response.BodyWriter;
        await using var writer = new Utf8JsonWriter(body, Options);
        writer.WriteStartObject();
        writer.WriteStartArray(Results);
        for (var i = 0; i < permissions.Count; i++)
        {
            var permission = permissions[i];
            writer.WriteStartObject();
            if (recipients[i] is { } recipient) writer.WriteString(Recipient, recipient);
            writer.WriteBoolean(Allowed, permission.Allowed);
            writer.WriteString(Reason, permission.Reason);
            if (permission.Scope is { } scope) writer.WriteString(Scope, scope);
            writer.WriteEndObject();
            if (writer.BytesPending >= FlushAt)
            {
                writer.Flush();
                await body.FlushAsync(httpContext.RequestAborted);
            }
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
    }

    /// The route's description says what it answers, as TypedResults.Ok<CheckResponse> did.
    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(CheckResponse), ["application/json"]));
}
