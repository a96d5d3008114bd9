using ConsentHub.Contracts.Api;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Domain.Validation;
using ConsentHub.Hub.Banner;
using ConsentHub.Hub.Http;
using ConsentHub.Hub.Ledger;
using ConsentHub.Hub.Projections;
using ConsentHub.Hub.Security;
using ConsentHub.Hub.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConsentHub.Hub.Newsletters;

/// Subscribing an e-mail address to a newsletter (double opt-in where the list asks for it), and confirming it.
public static class NewsletterEndpoints
{
    public static IEndpointRouteBuilder MapNewsletterEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/{tenant}/newsletters/{listId}/subscriptions", Subscribe).WithTags("Newsletters")
            .AddEndpointFilter(async (context, next) => await AccessAsync(context.HttpContext) ?? await next(context))
            .RequireCors(BrowserAccess.CorsPolicy).WithMetadata(new RequiredScope(Scopes.ConsentWrite), new SiteKeyAccess());
        app.MapGet("/c/{token}", ConfirmPage.Confirm).WithTags("Newsletters");
        return app;
    }

    /// A server with an api key (scope consent:write), or a browser with the site key from an allowed Origin.
    private static Task<IResult?> AccessAsync(HttpContext http) =>
        http.Request.Headers.Authorization.Count == 0 ? Task.FromResult(BrowserAccess.Check(http)) : Auth.ApiKeyProblemAsync(http, Scopes.ConsentWrite).AsTask();

    private static async Task<Results<Created<SubscriptionResponse>, Accepted<SubscriptionResponse>, ProblemHttpResult>> Subscribe(HttpContext http, string tenant, string listId, TenantRegistry tenants, ContactWrites contacts,
        ContactHasher hasher, IPartyLookup lookup, CancellationToken ct)
    {
        var catalog = tenants.Find(tenant)!.Catalog;
        if (catalog.Newsletter(listId) is not { } list) return Problems.NotFound($"No newsletter '{listId}' in this tenant.");
        var (requestId, body, bodyProblem) = await RequestBodies.ReadWriteAsync<NewsletterSubscriptionRequest>(http);
        if (bodyProblem is not null) return bodyProblem;
        var request = body!.Value;
        var errors = new Errors();
        if (request.Email is null) errors.Add("email", "is required");
        else if (Email.Normalize(request.Email) is null) errors.Add("email", "is not a valid e-mail address");
        if (request.Language is not null && !catalog.Definition.Languages.Contains(request.Language))
            errors.Add("language", $"must be one of the tenant's languages: {string.Join(", ", catalog.Definition.Languages)}");
        Inputs.Source(errors, request.Source);
        Inputs.Evidence(errors, request.Evidence);
        if (errors.Any) return Problems.Validation(errors.ToDictionary());

        // From a browser the evidence is what the hub itself saw, not what the page claims.
        var fromBrowser = http.Request.Headers.Authorization.Count == 0;
        var evidence = fromBrowser
            ? (request.Evidence ?? new EvidenceInput()) with { Ip = BrowserEvidence.Ip(http), UserAgent = BrowserEvidence.UserAgent(http.Request), RecordedBy = null }
            : request.Evidence;
        var language = request.Language ?? catalog.Definition.DefaultLanguage;
        var contact = new ContactPoint(ContactKind.Email, Email.Normalize(request.Email)!);
        // A linked subject's prohibition or erasure forbids the confirmation e-mail too (ConfirmationMail).
        var forbidden = list.DoubleOptIn && (await lookup.StatesAsync([StreamId.Contact(tenant, hasher.Hash(tenant, contact))], ct, values: false))[0].Any(ConfirmationMail.Forbids);
        var write = await contacts.WriteAsync(tenant, contact, requestId!, body.Hash,
            request.Source ?? (fromBrowser ? "website" : null), SubjectEndpoints.Origin(http.Request),
            (meta, seal) => new LedgerCommand.Subscribe(list.Id, language, !list.DoubleOptIn, LedgerService.EvidenceOf(evidence, seal), meta) { ForbiddenElsewhere = forbidden }, ct);
        return write.Outcome switch
        {
            LedgerOutcome.KeyReused => Problems.KeyReused(),
            // A browser learns nothing of an erasure (API.md, Newsletters): 202 as for any address, with nothing recorded or sent.
            LedgerOutcome.SubjectErased when !fromBrowser => Problems.SubjectErased(),
            LedgerOutcome.SubjectErased => TypedResults.Accepted((string?)null, new SubscriptionResponse(NewsletterStatus.Pending)),
            _ when list.DoubleOptIn && (forbidden || ConfirmationMail.Forbids(write.State)) => TypedResults.Accepted((string?)null, new SubscriptionResponse(NewsletterStatus.Pending)),
            _ when write.State.Newsletters.GetValueOrDefault(list.Id)?.Status == NewsletterStatus.Subscribed =>
                TypedResults.Created((string?)null, new SubscriptionResponse(NewsletterStatus.Subscribed)),
            _ => TypedResults.Accepted((string?)null, new SubscriptionResponse(NewsletterStatus.Pending)),
        };
    }

}
