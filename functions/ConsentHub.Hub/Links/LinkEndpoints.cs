using ConsentHub.Contracts.Api;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Validation;
using ConsentHub.Hub.Http;
using ConsentHub.Hub.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConsentHub.Hub.Links;

/// Routes that hand out signed links for messages: unsubscribe (RFC 2369 / RFC 8058 headers) and the preference center.
public static class LinkEndpoints
{
    public static IEndpointRouteBuilder MapLinkEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/{tenant}/unsubscribe-links", UnsubscribeLink).WithTags("Links").RequireScope(Scopes.ConsentWrite);
        app.MapPost("/api/v1/{tenant}/preference-links", PreferenceLink).WithTags("Links").RequireScope(Scopes.ConsentWrite);
        app.MapGet("/u/{token}", UnsubscribePages.Show).WithTags("Links");
        app.MapPost("/u/{token}", UnsubscribePages.Record).WithTags("Links");
        return app.MapPreferenceCenter();
    }

    private static async Task<Results<Ok<UnsubscribeLinkResponse>, ProblemHttpResult>> UnsubscribeLink(HttpContext http, string tenant, TenantRegistry tenants, LinkTokens tokens, PublicUrls urls, TimeProvider clock)
    {
        var (body, problem) = await RequestBodies.ReadAsync<UnsubscribeLinkRequest>(http);
        if (problem is not null) return problem;
        var request = body!.Value;
        var catalog = tenants.Find(tenant)!.Catalog;
        var errors = new Errors();
        var (email, subjectId) = Person(request.Email, request.SubjectId, errors);
        if ((request.ListId is null) == (request.Purpose is null)) errors.Add("listId", "give either listId or purpose");
        else if (request.ListId is not null && catalog.Newsletter(request.ListId) is null) errors.Add("listId", $"'{request.ListId}' is not a newsletter of this tenant");
        else if (request.Purpose is not null && (catalog.Purpose(request.Purpose) is not { } purpose || !OptOuts.CanStop(purpose)))
            errors.Add("purpose", "must be a purpose of this tenant that is not a service notice (contract, legal obligation)");
        var language = Language(request.Language, catalog.Definition, errors);
        if (errors.Any) return Problems.Validation(errors.ToDictionary());
        var token = tokens.Issue(new LinkClaims(LinkKinds.Unsubscribe, tenant, email, subjectId, request.ListId, request.Purpose, language, clock.GetUtcNow()));
        var url = urls.Link(http.Request, LinkKinds.Unsubscribe, token);
        return TypedResults.Ok(new UnsubscribeLinkResponse(url, $"<{url}>", "List-Unsubscribe=One-Click"));
    }

    private static async Task<Results<Ok<PreferenceLinkResponse>, ProblemHttpResult>> PreferenceLink(HttpContext http, string tenant, TenantRegistry tenants, LinkTokens tokens, PublicUrls urls, TimeProvider clock)
    {
        var (body, problem) = await RequestBodies.ReadAsync<PreferenceLinkRequest>(http);
        if (problem is not null) return problem;
        var request = body!.Value;
        var catalog = tenants.Find(tenant)!.Catalog;
        var errors = new Errors();
        var (email, subjectId) = Person(request.Email, request.SubjectId, errors);
        var language = Language(request.Language, catalog.Definition, errors);
        if (errors.Any) return Problems.Validation(errors.ToDictionary());
        var now = clock.GetUtcNow();
        var token = tokens.Issue(new LinkClaims(LinkKinds.Preferences, tenant, email, subjectId, null, null, language, now));
        return TypedResults.Ok(new PreferenceLinkResponse(urls.Link(http.Request, LinkKinds.Preferences, token),
            now + LinkTokens.Lifetime(LinkKinds.Preferences)!.Value));
    }

    private static (string? Email, string? SubjectId) Person(string? email, string? subjectId, Errors errors)
    {
        if ((email is null) == (subjectId is null)) { errors.Add("email", "give either email or subjectId"); return (null, null); }
        if (email is not null)
        {
            var normal = Email.Normalize(email);
            if (normal is null) errors.Add("email", "is not a valid e-mail address");
            return (normal, null);
        }
        errors.Add("subjectId", Ids.Problem(subjectId));
        return (null, subjectId);
    }

    private static string? Language(string? language, Contracts.Events.TenantDefinition tenant, Errors errors)
    {
        if (language is null) return null;
        if (!tenant.Languages.Contains(language)) errors.Add("language", $"must be one of the tenant's languages: {string.Join(", ", tenant.Languages)}");
        return language;
    }
}
