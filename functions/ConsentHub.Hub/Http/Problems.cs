using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ConsentHub.Hub.Http;

/// RFC 9457 problem details, the only shape an error leaves the hub in.
public static class Problems
{
    private const string TypeBase = "https://consenthub.fi/problems/";

    public static ProblemHttpResult Of(int status, string slug, string title, string detail) =>
        TypedResults.Problem(new ProblemDetails { Type = TypeBase + slug, Title = title, Status = status, Detail = detail });

    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Type = TypeBase + "validation",
            Title = "The request is not valid",
            Status = StatusCodes.Status400BadRequest,
            Detail = detail ?? "See errors for the fields that need fixing.",
        });

    public static ProblemHttpResult Validation(string field, string message) => Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult NotFound(string what) => Of(404, "not-found", "Not found", what);

    public static ProblemHttpResult Unauthorized() => Of(401, "unauthorized", "Authentication required", "Send 'Authorization: Bearer <apiKey>' with a key of this tenant.");

    public static ProblemHttpResult Forbidden(string detail) => Of(403, "forbidden", "Forbidden", detail);

    public static ProblemHttpResult KeyReused() => Of(422, "idempotency-key-reused", "Idempotency-Key reused",
        "This Idempotency-Key was used with another request; use a new key for a new request.");

    public static ProblemHttpResult PreconditionFailed(long actual) => Of(412, "precondition-failed", "Version mismatch",
        $"If-Match does not name the current version; the current version is \"{actual}\".");

    /// A write to an erased subject (API.md, Conventions): nothing was recorded, and nothing will be.
    public static ProblemHttpResult SubjectErased() => Of(410, "subject-erased", "Subject erased",
        "This subject has been erased; nothing was recorded. Record new statements under a new subject.");

    public static ProblemHttpResult Conflict(string slug, string detail) => Of(409, slug, "Conflict", detail);

    public static ProblemHttpResult TooManyRequests(int retryAfterSeconds) => Of(429, "rate-limited", "Too many requests",
        $"This client has sent too many requests; try again in {retryAfterSeconds} seconds (Retry-After).");
}
