using ConsentHub.Contracts.Api;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Validation;
using ConsentHub.Hub.Http;
using ConsentHub.Hub.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConsentHub.Hub.Subscriptions;

/// CRM subscriptions (API.md "Events for CRMs", Push). Scope `admin`: a subscription is a standing flow of every
/// person's changes, contact points included, to a URL the tenant names, a decision of the same weight as issuing keys.
public static class WebhookSubscriptionEndpoints
{
    public static IEndpointRouteBuilder MapSubscriptions(this IEndpointRouteBuilder app)
    {
        var subscriptions = app.MapGroup("/api/v1/{tenant}/subscriptions").WithTags("Subscriptions");
        subscriptions.MapPost("/", Create).RequireScope(Scopes.Admin);
        subscriptions.MapGet("/", List).RequireScope(Scopes.Admin);
        subscriptions.MapDelete("/{subscriptionId}", End).RequireScope(Scopes.Admin);
        return app;
    }

    private static async Task<Results<Created<SubscriptionCreatedResponse>, ProblemHttpResult>> Create(HttpContext http, string tenant, WebhookUrlPolicy urls,
        SubscriptionService service, CancellationToken ct)
    {
        var (requestId, body, bodyProblem) = await RequestBodies.ReadWriteAsync<SubscriptionRequest>(http);
        if (bodyProblem is not null) return bodyProblem;
        var errors = new Errors();
        var types = body!.Value.Types ?? [];
        foreach (var (type, i) in types.Select((t, i) => (t, i)))
            if (!CloudEventTypes.All.Contains(type)) errors.Add($"types[{i}]", $"'{type}' is not a CloudEvent type of the hub; leave types empty for all");
        // Checked last: it may resolve the host, which is pointless for an otherwise broken request.
        if (!errors.Any) errors.Add("url", await urls.ProblemAsync(body.Value.Url, ct));
        if (errors.Any) return Problems.Validation(errors.ToDictionary());

        var write = await service.CreateAsync(tenant, body.Value.Url!, [.. types.Distinct()], requestId!, body.Hash, ct);
        return write.Outcome switch
        {
            TenantOutcome.Done or TenantOutcome.Replayed => TypedResults.Created((string?)null, new SubscriptionCreatedResponse(
                write.Subscription!.Id, write.Subscription.Url, write.Subscription.Types, write.Subscription.CreatedAt, write.Secret!)),
            TenantOutcome.SubscriptionLimitReached limit => Problems.Conflict("subscription-limit",
                $"This tenant has {limit.Limit} active subscriptions, the most it may have; end one first."),
            _ => TenantProblems.Of(write.Outcome, tenant),
        };
    }

    private static Ok<SubscriptionsResponse> List(string tenant, TenantRegistry tenants) =>
        TypedResults.Ok(new SubscriptionsResponse([.. tenants.Subscriptions(tenant).OrderBy(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal).Select(s => s.View())]));

    private static async Task<Results<NoContent, ProblemHttpResult>> End(HttpContext http, string tenant, string subscriptionId, SubscriptionService service, CancellationToken ct)
    {
        if (Ids.Problem(subscriptionId) is { } idProblem) return Problems.Validation("subscriptionId", idProblem);
        var (requestId, keyProblem) = WriteHeaders.RequestId(http.Request);
        if (keyProblem is not null) return keyProblem;
        var write = await service.EndAsync(tenant, subscriptionId, requestId!, RequestBodies.HashOf(http.Request, []), ct);
        return write.Outcome is TenantOutcome.Done or TenantOutcome.Replayed ? TypedResults.NoContent() : TenantProblems.Of(write.Outcome, tenant);
    }
}
