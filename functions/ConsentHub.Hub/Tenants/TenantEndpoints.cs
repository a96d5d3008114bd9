using ConsentHub.Contracts.Api;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Hub.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConsentHub.Hub.Tenants;

/// Operator routes (`/api/v1/admin`) and a tenant's own key route.
public static class TenantEndpoints
{
    public static IEndpointRouteBuilder MapTenantEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin/tenants").WithTags("Admin").RequireOperator();
        admin.MapPost("/", Create);
        admin.MapPut("/{tenant}", Replace);
        admin.MapGet("/{tenant}", Get);
        app.MapPost("/api/v1/{tenant}/keys", IssueKey).WithTags("Keys").RequireScope(Scopes.Admin);
        app.MapGet("/api/v1/{tenant}/keys", ListKeys).WithTags("Keys").RequireScope(Scopes.Admin);
        app.MapDelete("/api/v1/{tenant}/keys/{id}", RevokeKey).WithTags("Keys").RequireScope(Scopes.Admin);
        return app;
    }

    private static async Task<Results<Created<TenantCreatedResponse>, ProblemHttpResult>> Create(HttpContext http, TenantService service, CancellationToken ct)
    {
        var (requestId, body, problem) = await RequestBodies.ReadWriteAsync<TenantDefinition>(http);
        if (problem is not null) return problem;
        if (Validate(body!.Value) is { } invalid) return invalid;
        var write = await service.CreateAsync(body.Value, requestId!, body.Hash, ct);
        return write.Outcome switch
        {
            // The first key's secret is shown once: a replay of the request answers its id without it.
            TenantOutcome.Done or TenantOutcome.Replayed => TypedResults.Created($"/api/v1/admin/tenants/{body.Value.Id}", new TenantCreatedResponse(
                TenantService.Public(write.State.Definition!), write.Outcome is TenantOutcome.Done ? write.ApiKey : null, write.SiteKey!, TenantService.KeyId(write.ApiKey!))),
            TenantOutcome.AlreadyExists => Problems.Conflict("tenant-exists", $"Tenant '{body.Value.Id}' exists; replace it with PUT."),
            _ => TenantProblems.Of(write.Outcome, body.Value.Id),
        };
    }

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> Replace(HttpContext http, string tenant, TenantService service, CancellationToken ct)
    {
        var (requestId, body, problem) = await RequestBodies.ReadWriteAsync<TenantDefinition>(http);
        if (problem is not null) return problem;
        if (body!.Value.Id is { Length: > 0 } && body.Value.Id != tenant) return Problems.Validation("id", "must equal the tenant in the route, or be left out");
        var definition = body.Value with { Id = tenant };
        if (Validate(definition) is { } invalid) return invalid;
        var write = await service.ReplaceAsync(definition, requestId!, body.Hash, ct);
        return write.Outcome is TenantOutcome.Done or TenantOutcome.Replayed
            ? TypedResults.Ok(new TenantResponse(TenantService.Public(write.State.Definition!)))
            : TenantProblems.Of(write.Outcome, tenant);
    }

    private static Results<Ok<TenantDetailsResponse>, ProblemHttpResult> Get(string tenant, TenantRegistry registry) =>
        registry.Find(tenant) is { } entry
            ? TypedResults.Ok(new TenantDetailsResponse(TenantService.Public(entry.Catalog.Definition), entry.SiteKeys))
            : Problems.NotFound($"No tenant '{tenant}'.");

    private static async Task<Results<Created<KeyCreatedResponse>, ProblemHttpResult>> IssueKey(HttpContext http, string tenant, TenantService service, CancellationToken ct)
    {
        var (requestId, body, problem) = await RequestBodies.ReadWriteAsync<KeyRequest>(http);
        if (problem is not null) return problem;
        var scopes = body!.Value.Scopes ?? [];
        if (scopes.Count == 0) return Problems.Validation("scopes", "name at least one scope");
        var unknown = scopes.Where(s => !Scopes.All.Contains(s)).ToList();
        if (unknown.Count > 0) return Problems.Validation("scopes", $"unknown scope(s) {string.Join(", ", unknown)}; known: {string.Join(", ", Scopes.All)}");
        var write = await service.IssueKeyAsync(tenant, [.. scopes.Distinct()], requestId!, body.Hash, ct);
        return write.Outcome is TenantOutcome.Done or TenantOutcome.Replayed
            ? TypedResults.Created($"/api/v1/{tenant}/keys/{write.KeyId}", new KeyCreatedResponse(write.KeyId!, write.ApiKey, [.. scopes.Distinct()]))
            : TenantProblems.Of(write.Outcome, tenant);
    }

    private static Ok<KeyListResponse> ListKeys(string tenant, TenantRegistry registry) =>
        TypedResults.Ok(new KeyListResponse([.. registry.Keys(tenant).Select(k =>
            new KeyView(k.KeyId, [.. k.Scopes.Order(StringComparer.Ordinal)], k.CreatedAt, registry.LastUsed(k)))]));

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeKey(HttpContext http, string tenant, string id, TenantService service, CancellationToken ct)
    {
        var (requestId, keyProblem) = WriteHeaders.RequestId(http.Request);
        if (keyProblem is not null) return keyProblem;
        var write = await service.RevokeKeyAsync(tenant, id, requestId!, RequestBodies.HashOf(http.Request, []), ct);
        return write.Outcome is TenantOutcome.Done or TenantOutcome.Replayed ? TypedResults.NoContent() : TenantProblems.Of(write.Outcome, tenant);
    }

    private static ProblemHttpResult? Validate(TenantDefinition definition) =>
        TenantValidation.Validate(definition) is { Count: > 0 } errors ? Problems.Validation(errors) : null;
}
