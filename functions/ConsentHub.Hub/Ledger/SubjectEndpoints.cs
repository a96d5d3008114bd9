using ConsentHub.Contracts;
using ConsentHub.Contracts.Api;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Domain.Validation;
using ConsentHub.Hub.Feed;
using ConsentHub.Hub.Http;
using ConsentHub.Hub.Projections;
using ConsentHub.Hub.Security;
using ConsentHub.Hub.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConsentHub.Hub.Ledger;

/// The consent ledger's routes: a subject's contact points, statements, preferences and history.
public static class SubjectEndpoints
{
    public static IEndpointRouteBuilder MapSubjectEndpoints(this IEndpointRouteBuilder app)
    {
        var subjects = app.MapGroup("/api/v1/{tenant}/subjects/{subjectId}").WithTags("Subjects");
        subjects.MapPut("/contact-points", PutContactPoints).RequireScope(Scopes.ConsentWrite);
        subjects.MapPost("/consents", PostConsent).RequireScope(Scopes.ConsentWrite);
        subjects.MapPost("/objections", PostObjection).RequireScope(Scopes.ConsentWrite);
        subjects.MapPost("/restriction", PostRestriction).RequireScope(Scopes.ConsentWrite);
        subjects.MapPost("/closure", PostClosure).RequireScope(Scopes.ConsentWrite);
        subjects.MapGet("/preferences", GetPreferences).RequireScope(Scopes.ConsentRead);
        subjects.MapGet("/history", GetHistory).RequireScope(Scopes.ConsentRead);
        return app;
    }

    private static Task<Results<Ok<PreferencesResponse>, ProblemHttpResult>> PutContactPoints(HttpContext http, string tenant, string subjectId, TenantRegistry tenants, ContactHasher hasher,
        LedgerService ledger, PreferencesView view, CancellationToken ct) =>
        WriteAsync<ContactPointsRequest, Ok<PreferencesResponse>>(http, tenant, subjectId, tenants, ledger, (body, _, errors) =>
            Statements.ContactPoints(tenant, hasher, body, errors), async write =>
        {
            var state = write.Outcome is LedgerOutcome.Replayed r ? await StateAtAsync(ledger, write.Stream, r.First.Version, ct) : write.State;
            WriteHeaders.SetETag(http.Response, state.Version);
            return TypedResults.Ok(await view.BuildAsync(tenant, subjectId, state, ct));
        }, ct);

    private static Task<Results<Created<RecordedResponse>, ProblemHttpResult>> PostConsent(HttpContext http, string tenant, string subjectId, TenantRegistry tenants, LedgerService ledger, CancellationToken ct) =>
        WriteAsync<ConsentRequest, Created<RecordedResponse>>(http, tenant, subjectId, tenants, ledger, Statements.Consent,
            write => Task.FromResult(TypedResults.Created((string?)null, write.Response())), ct);

    private static Task<Results<Created<RecordedResponse>, ProblemHttpResult>> PostObjection(HttpContext http, string tenant, string subjectId, TenantRegistry tenants, LedgerService ledger, CancellationToken ct) =>
        WriteAsync<ObjectionRequest, Created<RecordedResponse>>(http, tenant, subjectId, tenants, ledger, Statements.Objection,
            write => Task.FromResult(TypedResults.Created((string?)null, write.Response())), ct);

    private static Task<Results<Created<RecordedResponse>, ProblemHttpResult>> PostRestriction(HttpContext http, string tenant, string subjectId, TenantRegistry tenants, LedgerService ledger, CancellationToken ct) =>
        WriteAsync<RestrictionRequest, Created<RecordedResponse>>(http, tenant, subjectId, tenants, ledger, (body, catalog, errors) =>
        {
            if (body.Restricted is null) errors.Add("restricted", "is required (true or false)");
            errors.Add("reason", Ids.TextProblem(body.Reason, 1000));
            Inputs.Source(errors, body.Source);
            return (meta, seal) => new LedgerCommand.SetRestriction(body.Restricted ?? false, seal(body.Reason), meta);
        }, write => Task.FromResult(TypedResults.Created((string?)null, write.Response())), ct);

    // The closing starts the tenant's closedAccountContactPoints period; the retention run then erases the subject.
    private static Task<Results<Created<RecordedResponse>, ProblemHttpResult>> PostClosure(HttpContext http, string tenant, string subjectId, TenantRegistry tenants, LedgerService ledger,
        TimeProvider clock, CancellationToken ct) =>
        WriteAsync<AccountClosureRequest, Created<RecordedResponse>>(http, tenant, subjectId, tenants, ledger, (body, catalog, errors) =>
        {
            if (body.ClosedAt is { } closed && closed > clock.GetUtcNow().AddMinutes(5)) errors.Add("closedAt", "must not be in the future");
            Inputs.Source(errors, body.Source);
            return (meta, _) => new LedgerCommand.CloseAccount(body.ClosedAt?.ToUniversalTime() ?? meta.At, meta);
        }, write => Task.FromResult(TypedResults.Created((string?)null, write.Response())), ct);

    private static async Task<Results<Ok<PreferencesResponse>, ProblemHttpResult>> GetPreferences(HttpContext http, string tenant, string subjectId, PreferencesView view, CancellationToken ct)
    {
        if (Ids.Problem(subjectId) is { } problem) return Problems.Validation("subjectId", problem);
        if (await view.FindAsync(tenant, subjectId, ct) is not { } preferences) return Problems.NotFound($"No subject '{subjectId}' in this tenant.");
        WriteHeaders.SetETag(http.Response, preferences.Version);
        return TypedResults.Ok(preferences);
    }

    private static async Task<Results<Ok<HistoryResponse>, ProblemHttpResult>> GetHistory(HttpContext http, string tenant, string subjectId, HistoryReader history, CancellationToken ct)
    {
        if (Ids.Problem(subjectId) is { } problem) return Problems.Validation("subjectId", problem);
        var (version, events) = await history.ReadAsync(StreamId.Subject(tenant, subjectId), ct);
        if (events.Count == 0) return Problems.NotFound($"No subject '{subjectId}' in this tenant.");
        WriteHeaders.SetETag(http.Response, version);
        return TypedResults.Ok(new HistoryResponse(events));
    }

    private delegate Func<EventMeta, Seal, LedgerCommand> Validate<T>(T body, TenantCatalog catalog, Errors errors);

    /// The shape every subject write shares: headers, body, validation, decision, and the outcome's HTTP answer.
    private static async Task<Results<TAnswer, ProblemHttpResult>> WriteAsync<T, TAnswer>(HttpContext http, string tenant, string subjectId, TenantRegistry tenants,
        LedgerService ledger, Validate<T> validate, Func<LedgerWrite, Task<TAnswer>> answer, CancellationToken ct) where T : class where TAnswer : IResult
    {
        if (Ids.Problem(subjectId) is { } idProblem) return Problems.Validation("subjectId", idProblem);
        var (requestId, keyProblem) = WriteHeaders.RequestId(http.Request);
        if (keyProblem is not null) return keyProblem;
        var (expected, matchProblem) = WriteHeaders.IfMatch(http.Request);
        if (matchProblem is not null) return matchProblem;
        var (body, bodyProblem) = await RequestBodies.ReadAsync<T>(http);
        if (bodyProblem is not null) return bodyProblem;
        var catalog = tenants.Find(tenant)!.Catalog;
        var errors = new Errors();
        var build = validate(body!.Value, catalog, errors);
        if (errors.Any) return Problems.Validation(errors.ToDictionary());
        var write = await ledger.WriteAsync(StreamId.Subject(tenant, subjectId), requestId!,
            seal => build(new EventMeta(requestId!, body.Hash, http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(), SourceOf(body.Value), Origin(http.Request)), seal) with { ExpectedVersion = expected },
            null, ct);
        return write.Outcome switch
        {
            LedgerOutcome.Recorded or LedgerOutcome.Replayed => await answer(write),
            LedgerOutcome.KeyReused => Problems.KeyReused(),
            LedgerOutcome.VersionMismatch m => Problems.PreconditionFailed(m.Actual),
            LedgerOutcome.SubjectErased => Problems.SubjectErased(),
            _ => throw new InvalidOperationException($"Unhandled {write.Outcome}"),
        };
    }

    /// Stored with an event as the default base of links in the messages it causes: the hub's public base, never the
    /// caller's Host header.
    public static string Origin(HttpRequest request) => request.HttpContext.RequestServices.GetRequiredService<PublicUrls>().BaseOf(request).ToString().TrimEnd('/');

    private static string? SourceOf(object body) => body switch
    {
        ConsentRequest c => c.Source,
        ObjectionRequest o => o.Source,
        RestrictionRequest r => r.Source,
        AccountClosureRequest c => c.Source,
        _ => null,
    };

    private static Task<PartyState> StateAtAsync(LedgerService ledger, StreamId stream, long version, CancellationToken ct) =>
        ledger.LoadAsync(stream, version, ct);
}
