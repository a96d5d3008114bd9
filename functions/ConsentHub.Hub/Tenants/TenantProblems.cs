using ConsentHub.Domain.Catalog;
using ConsentHub.Hub.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConsentHub.Hub.Tenants;

/// The problem a refused write to a tenant's stream answers, for every route that writes there (tenants, keys,
/// subscriptions). Outcomes with a route's own wording (a subscription limit) are answered by that route.
public static class TenantProblems
{
    public static ProblemHttpResult Of(TenantOutcome outcome, string tenant) => outcome switch
    {
        TenantOutcome.KeyReused => Problems.KeyReused(),
        TenantOutcome.NotFound => Problems.NotFound($"No tenant '{tenant}'."),
        TenantOutcome.KeyNotFound => Problems.NotFound("No such api key in this tenant."),
        TenantOutcome.SubscriptionNotFound => Problems.NotFound("No such subscription in this tenant."),
        _ => throw new InvalidOperationException($"Unhandled {outcome}"),
    };
}
