using System.Globalization;
using ConsentHub.Contracts.Api;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Validation;
using ConsentHub.Hub.Http;
using ConsentHub.Hub.Ledger;
using ConsentHub.Hub.Tenants;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ConsentHub.Hub.Imports;

/// API.md "Bulk import": `POST …/imports` reads the NDJSON body to its end, writing as it reads, and answers 202 with
/// the import's id when the body has been read and every line written or rejected; `GET …/imports/{id}` shows the
/// progress meanwhile (and after a restart).
public static class ImportEndpoints
{
    public const string MediaType = "application/x-ndjson";

    public static IEndpointRouteBuilder MapImportEndpoints(this IEndpointRouteBuilder app)
    {
        var imports = app.MapGroup("/api/v1/{tenant}/imports").WithTags("Imports");
        imports.MapPost("", PostImport).RequireScope(Scopes.ConsentWrite);
        imports.MapGet("/{id}", GetImport).RequireScope(Scopes.ConsentWrite);
        return app;
    }

    private static async Task<Results<Accepted<ImportAcceptedResponse>, ProblemHttpResult>> PostImport(HttpContext http, string tenant, TenantRegistry tenants,
        ImportRecords records, ImportRunner runner, IOptions<ImportOptions> options, TimeProvider clock)
    {
        var limits = options.Value;
        if (!IsNdjson(http.Request.ContentType))
            return Problems.Of(415, "unsupported-media-type", "Unsupported media type", $"Send the import as {MediaType}: one JSON object per line.");
        var id = http.Request.Headers["Idempotency-Key"].ToString();
        if (id.Length == 0) return Problems.Validation("Idempotency-Key", "is required: it is the import's id, and a repeat with it resumes the import without writing anything twice");
        if (Ids.Problem(id) is { } idProblem) return Problems.Validation("Idempotency-Key", idProblem);
        if (http.Request.ContentLength > limits.MaxBytes) return TooLarge(limits);
        var (earlier, version) = await records.FindAsync(tenant, id, http.RequestAborted);
        if (earlier is not null && records.RunsSomewhere(tenant, earlier)) return Running();
        var progress = new ImportProgress(tenant, id, clock.GetUtcNow(), version, limits.KeptRejected);
        if (!records.TryBegin(progress))
        {
            if (records.IsRunningHere(tenant, id)) return Running();
            http.Response.Headers.RetryAfter = "60";
            return Problems.Of(429, "rate-limited", "Too many imports", $"This instance runs {limits.MaxRunning} imports at once; try again in 60 seconds (Retry-After).");
        }
        try
        {
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limits.MaxBytes;
            var end = await runner.RunAsync(http.Request.BodyReader, tenant, tenants.Find(tenant)!.Catalog, progress, earlier?.FirstLineSha256,
                SubjectEndpoints.Origin(http.Request), http.RequestAborted);
            if (end == ImportEnd.FirstLineDiffers) return Problems.KeyReused();
            if (end == ImportEnd.NoLines) return Problems.Validation("$", "The body has no lines; send one JSON object per line.");
            await FinishAsync(records, progress, ImportStatuses.Completed, null, clock);
            var location = $"/api/v1/{tenant}/imports/{id}";
            return TypedResults.Accepted(location, new ImportAcceptedResponse(id));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await FinishAsync(records, progress, ImportStatuses.Failed, $"The body is over the limit of {limits.MaxBytes} bytes; the lines before it were handled.", clock);
            return TooLarge(limits);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or BadHttpRequestException || http.RequestAborted.IsCancellationRequested)
        {
            await FinishAsync(records, progress, ImportStatuses.Failed, ImportRecord.Interrupted, clock);
            return Problems.Of(400, "import-interrupted", "Import interrupted", "The body ended before it was complete; " + ImportRecord.Interrupted + ".");
        }
        catch (Exception ex)
        {
            await FinishAsync(records, progress, ImportStatuses.Failed, $"The import stopped: {ex.GetType().Name}. Post it again with the same Idempotency-Key to resume.", clock);
            throw;
        }
        finally
        {
            records.End(progress);
        }
    }

    private static async Task<Results<Ok<ImportStatusResponse>, ProblemHttpResult>> GetImport(string tenant, string id, ImportRecords records, CancellationToken ct)
    {
        if (Ids.Problem(id) is { } problem) return Problems.Validation("id", problem);
        return await records.StatusAsync(tenant, id, ct) is { } status ? TypedResults.Ok(status) : Problems.NotFound($"No import '{id}' in this tenant.");
    }

    /// Saved whatever the request's fate: an import that ends in failure still shows how far it got.
    private static async Task FinishAsync(ImportRecords records, ImportProgress progress, string status, string? error, TimeProvider clock)
    {
        if (progress.FirstLineSha256 is null) return;   // nothing was taken: an earlier import of this id stays as it was
        progress.Finish(status, error, clock.GetUtcNow());
        await records.SaveAsync(progress, CancellationToken.None);
    }

    private static bool IsNdjson(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals(MediaType, StringComparison.OrdinalIgnoreCase);

    private static ProblemHttpResult Running() =>
        Problems.Conflict("import-running", "An import with this Idempotency-Key is running; follow it at GET …/imports/{id}, and post again only once it has ended.");

    private static ProblemHttpResult TooLarge(ImportOptions limits) => Problems.Of(413, "payload-too-large", "Payload too large",
        $"An import is limited to {limits.MaxBytes.ToString(CultureInfo.InvariantCulture)} bytes; split it into several imports.");
}
