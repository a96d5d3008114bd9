using Microsoft.AspNetCore.Http.HttpResults;
using ConsentHub.Contracts.Api;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Requests;
using ConsentHub.Domain.Storage;
using ConsentHub.Domain.Validation;
using ConsentHub.Hub.Http;
using ConsentHub.Hub.Tenants;
using ConsentHub.Hub.Security;

namespace ConsentHub.Hub.Requests;

/// Data subject requests (GDPR art. 12–22): received, extended once, completed or rejected; listed by deadline.
public static class RequestEndpoints
{
    internal static IEndpointRouteBuilder MapRequestEndpoints(this IEndpointRouteBuilder app)
    {
        var requests = app.MapGroup("/api/v1/{tenant}/requests").WithTags("Requests");
        requests.MapPost("/", Receive).RequireScope(Scopes.Dsr);
        requests.MapGet("/", List).RequireScope(Scopes.Dsr);
        requests.MapGet("/{id}", Get).RequireScope(Scopes.Dsr);
        requests.MapPost("/{id}/extend", Extend).RequireScope(Scopes.Dsr);
        requests.MapPost("/{id}/complete", Complete).RequireScope(Scopes.Dsr);
        requests.MapPost("/{id}/reject", Reject).RequireScope(Scopes.Dsr);
        return app;
    }

    private static async Task<Results<Created<RequestCreatedResponse>, ProblemHttpResult>> Receive(HttpContext http, string tenant, RequestCases cases, TenantRegistry tenants,
        TimeProvider clock, CancellationToken ct)
    {
        var (requestId, body, problem) = await RequestBodies.ReadWriteAsync<NewRequestBody>(http);
        if (problem is not null) return problem;
        var b = body!.Value;
        var now = clock.GetUtcNow();
        var errors = new Errors();
        errors.Add("subjectId", Ids.Problem(b.SubjectId));
        if (b.Type is null || !RequestTypes.All.Contains(b.Type)) errors.Add("type", "must be access, portability, erasure, rectification, restriction or objection");
        if (b.ReceivedAt > now.AddMinutes(5)) errors.Add("receivedAt", "must not be in the future");
        errors.Add("identityVerifiedBy", IdentityProblem(b.IdentityVerifiedBy));
        if (b.Channel is not null && !RequestChannels.Stated.Contains(b.Channel))
            errors.Add("channel", b.Channel == RequestChannels.PreferenceCenter
                ? "is recorded by the hub itself for requests the person files from a mailed link"
                : "must be api, email, letter, phone, in-person or web-form");
        if (b.Language is not null && !Languages.Supported.Contains(b.Language)) errors.Add("language", "must be fi, sv or en");
        if (errors.Any) return Problems.Validation(errors.ToDictionary());
        var language = b.Language ?? tenants.Find(tenant)!.Catalog.Definition.DefaultLanguage;
        var request = new NewRequest(b.SubjectId!, b.Type!, b.ReceivedAt ?? now, b.IdentityVerifiedBy, b.Channel ?? RequestChannels.Api, language);
        var (outcome, state, id) = await cases.ReceiveAsync(tenant, request, requestId!, body.Hash, ct);
        return outcome switch
        {
            RequestOutcome.Done or RequestOutcome.Replayed => TypedResults.Created($"/api/v1/{tenant}/requests/{id}", new RequestCreatedResponse(id, state.DueAt)),
            _ => Answer(outcome, id),
        };
    }

    /// GDPR art. 12(6): every request needs the way the person's identity was verified. `mailbox` is refused here: only
    /// the hub can prove a mailbox (the person followed a link it mailed), and it records that itself.
    private static string? IdentityProblem(string? verifiedBy) =>
        string.IsNullOrWhiteSpace(verifiedBy) ? "is required: how the person's identity was verified (GDPR art. 12(6))"
        : verifiedBy.Trim() == IdentityVerification.Mailbox ? "'mailbox' is recorded by the hub itself, for requests the person files from a mailed link"
        : Ids.TextProblem(verifiedBy, 200);

    private static Task<Results<Ok<RequestChangedResponse>, ProblemHttpResult>> Extend(HttpContext http, string tenant, string id, RequestCases cases, Sealer sealer, TimeProvider clock, CancellationToken ct) =>
        ChangeAsync(http, tenant, id, cases, sealer, clock, reasonRequired: true, (reason, meta) => new RequestCommand.Extend(reason!.Value, meta), ct);

    private static Task<Results<Ok<RequestChangedResponse>, ProblemHttpResult>> Complete(HttpContext http, string tenant, string id, RequestCases cases, Sealer sealer, TimeProvider clock, CancellationToken ct) =>
        ChangeAsync(http, tenant, id, cases, sealer, clock, reasonRequired: false, (_, meta) => new RequestCommand.Complete(meta), ct);

    private static Task<Results<Ok<RequestChangedResponse>, ProblemHttpResult>> Reject(HttpContext http, string tenant, string id, RequestCases cases, Sealer sealer, TimeProvider clock, CancellationToken ct) =>
        ChangeAsync(http, tenant, id, cases, sealer, clock, reasonRequired: true, (reason, meta) => new RequestCommand.Reject(reason!.Value, meta), ct);

    private static async Task<Results<Ok<RequestsResponse>, ProblemHttpResult>> List(string tenant, string? status, string? dueBefore, string? subjectId, RequestViews views, CancellationToken ct)
    {
        var errors = new Errors();
        if (status is not null and not (RequestStatus.Open or RequestStatus.Completed or RequestStatus.Rejected)) errors.Add("status", "must be open, completed or rejected");
        DateTimeOffset? before = null;
        if (dueBefore is not null)
        {
            if (DateTimeOffset.TryParse(dueBefore, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed)) before = parsed;
            else errors.Add("dueBefore", "must be an RFC 3339 time");
        }
        if (errors.Any) return Problems.Validation(errors.ToDictionary());
        var items = (await views.ListAsync(tenant, ct))
            .Where(r => (status is null || r.Status == status) && (before is null || r.DueAt < before) && (subjectId is null || r.SubjectId == subjectId))
            .OrderBy(r => r.DueAt).ToList();
        return TypedResults.Ok(new RequestsResponse(items));
    }

    private static async Task<Results<Ok<RequestCase>, ProblemHttpResult>> Get(string tenant, string id, RequestCaseReader cases, CancellationToken ct) =>
        Ids.Problem(id) is { } problem ? Problems.Validation("id", problem)
        : await cases.ReadAsync(tenant, id, ct) is { } request ? TypedResults.Ok(request) : Problems.NotFound($"No request '{id}'.");

    private static async Task<Results<Ok<RequestChangedResponse>, ProblemHttpResult>> ChangeAsync(HttpContext http, string tenant, string id, RequestCases cases, Sealer sealer,
        TimeProvider clock, bool reasonRequired, Func<Sealed?, EventMeta, RequestCommand> build, CancellationToken ct)
    {
        if (Ids.Problem(id) is { } idProblem) return Problems.Validation("id", idProblem);
        var (requestId, keyProblem) = WriteHeaders.RequestId(http.Request);
        if (keyProblem is not null) return keyProblem;
        string? reason = null;
        var hash = RequestBodies.HashOf(http.Request, []);
        if (reasonRequired || http.Request.ContentLength > 0)
        {
            var (body, problem) = await RequestBodies.ReadAsync<ReasonBody>(http);
            if (problem is not null) return problem;
            (reason, hash) = (body!.Value.Reason, body.Hash);
        }
        var errors = new Errors();
        if (reasonRequired && string.IsNullOrWhiteSpace(reason)) errors.Add("reason", "is required: the person is told why");
        errors.Add("reason", Ids.TextProblem(reason, 2000));
        if (errors.Any) return Problems.Validation(errors.ToDictionary());
        var stream = RequestCases.StreamOf(tenant, id);
        // Erasing the subject destroyed the request's key: it can still be completed (an erasure request is completed
        // after the erasure), but a reason told to the person can no longer be kept.
        var seal = await sealer.ForStreamAsync(stream, ct);
        if (seal is null && reasonRequired) return Problems.SubjectErased();
        var (outcome, state) = await cases.TransactAsync(stream, build(seal?.Invoke(reason), new EventMeta(requestId!, hash, clock.GetUtcNow())), ct);
        return outcome is RequestOutcome.Done or RequestOutcome.Replayed
            ? TypedResults.Ok(new RequestChangedResponse(id, state.Status, state.DueAt, state.Extended))
            : Answer(outcome, id);
    }

    private static ProblemHttpResult Answer(RequestOutcome outcome, string id) => outcome switch
    {
        RequestOutcome.KeyReused => Problems.KeyReused(),
        RequestOutcome.NotFound => Problems.NotFound($"No request '{id}'."),
        RequestOutcome.Refused r => Problems.Conflict(r.Slug, r.Why),
        _ => throw new InvalidOperationException($"Unhandled {outcome}"),
    };
}
