using ConsentHub.Contracts.Api;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Requests;
using ConsentHub.Domain.Validation;
using ConsentHub.Hub.Http;
using ConsentHub.Hub.Tenants;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace ConsentHub.Hub.Requests;

/// Evidence of a request, e.g. the person's scanned signed letter: `POST …/requests/{id}/attachments` with the file as
/// the body (application/pdf, image/png or image/jpeg, at most 5 MB), `GET …/attachments/{attachmentId}` for its bytes.
public static class RequestAttachmentEndpoints
{
    internal static IEndpointRouteBuilder MapRequestAttachmentEndpoints(this IEndpointRouteBuilder app)
    {
        var attachments = app.MapGroup("/api/v1/{tenant}/requests/{id}/attachments").WithTags("Requests");
        attachments.MapPost("/", Add).RequireScope(Scopes.Dsr);
        attachments.MapGet("/{attachmentId}", Get).RequireScope(Scopes.Dsr);
        return app;
    }

    private static async Task<Results<Created<AttachmentCreatedResponse>, ProblemHttpResult>> Add(HttpContext http, string tenant, string id, RequestViews views,
        RequestAttachments attachments, CancellationToken ct)
    {
        if (Ids.Problem(id) is { } idProblem) return Problems.Validation("id", idProblem);
        var (requestId, keyProblem) = WriteHeaders.RequestId(http.Request);
        if (keyProblem is not null) return keyProblem;
        if (await views.FindAsync(tenant, id, ct) is null) return Problems.NotFound($"No request '{id}'.");
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var media) || media.MediaType.Value?.ToLowerInvariant() is not { } type
            || !RequestAttachments.ContentTypes.Contains(type))
            return Problems.Of(415, "unsupported-media-type", "Unsupported media type", "Send the attachment as application/pdf, image/png or image/jpeg.");
        var (bytes, problem) = await ReadLimitedAsync(http);
        if (problem is not null) return problem;
        if (bytes!.Length == 0) return Problems.Validation("$", "The attachment is empty.");
        return await attachments.AddAsync(tenant, id, type, bytes, requestId!, RequestBodies.HashOf(http.Request, bytes), ct) switch
        {
            RequestAttachments.Added.Done done => TypedResults.Created($"/api/v1/{tenant}/requests/{id}/attachments/{done.Attachment.Id}", done.Attachment),
            RequestAttachments.Added.Erased => Problems.SubjectErased(),
            RequestAttachments.Added.Refused { Outcome: RequestOutcome.KeyReused } => Problems.KeyReused(),
            RequestAttachments.Added.Refused { Outcome: RequestOutcome.Refused r } => Problems.Conflict(r.Slug, r.Why),
            _ => Problems.NotFound($"No request '{id}'."),
        };
    }

    /// The body up to the limit and no further: the copy stops at the first chunk past 5 MB, so an oversize upload is
    /// never held whole. The server's own limit (256 KiB elsewhere) is raised for this route only, 1 MiB above 5 MB:
    /// the rest of a slightly oversize upload is read and dropped so its sender gets the 413; a larger one is cut off.
    private static async Task<(byte[]? Bytes, ProblemHttpResult? Problem)> ReadLimitedAsync(HttpContext http)
    {
        if (http.Request.ContentLength > RequestAttachments.MaxBytes) return (null, TooLarge());
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = RequestAttachments.MaxBytes + 1024 * 1024;
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        try
        {
            int read;
            while ((read = await http.Request.Body.ReadAsync(buffer, http.RequestAborted)) > 0)
            {
                if (copy.Length + read > RequestAttachments.MaxBytes)
                {
                    // Read on and drop the rest (up to the raised limit), so the caller is answered, not cut off.
                    while (await http.Request.Body.ReadAsync(buffer, http.RequestAborted) > 0) { }
                    return (null, TooLarge());
                }
                copy.Write(buffer, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge());
        }
        return (copy.ToArray(), null);
    }

    private static ProblemHttpResult TooLarge() =>
        Problems.Of(413, "payload-too-large", "Payload too large", $"An attachment is at most {RequestAttachments.MaxBytes / (1024 * 1024)} MB.");

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Get(string tenant, string id, string attachmentId, RequestCaseReader cases,
        RequestAttachments attachments, CancellationToken ct)
    {
        if (Ids.Problem(id) is { } idProblem) return Problems.Validation("id", idProblem);
        if (await cases.ReadAsync(tenant, id, ct) is not { } request) return Problems.NotFound($"No request '{id}'.");
        if (request.Attachments.FirstOrDefault(a => a.Id == attachmentId) is not { } attachment) return Problems.NotFound($"No attachment '{attachmentId}' in request '{id}'.");
        return await attachments.OpenAsync(tenant, id, attachmentId, ct) is { } bytes
            ? TypedResults.File(bytes, attachment.ContentType)
            : Problems.SubjectErased();
    }
}
