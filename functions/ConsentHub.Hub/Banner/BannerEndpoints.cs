using ConsentHub.Hub.Security;
using ConsentHub.Contracts.Api;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Banner;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Storage;
using ConsentHub.Domain.Validation;
using ConsentHub.Hub.Http;
using ConsentHub.Hub.Ledger;
using ConsentHub.Hub.Projections;
using ConsentHub.Hub.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConsentHub.Hub.Banner;

/// The cookie banner's routes: the script, its config, the visitor's choices, and the link of a visitor to a subject.
public static class BannerEndpoints
{
    public static IEndpointRouteBuilder MapBannerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/banner.js", BannerScript.Serve).WithTags("Banner");
        var banner = app.MapGroup("/api/v1/{tenant}/banner").WithTags("Banner");
        banner.MapGet("/config", GetConfig).RequireSiteKey();
        banner.MapPost("/consents", PostConsent).RequireSiteKey();
        banner.MapGet("/consents/{visitorId}", GetConsent).RequireSiteKey();
        app.MapPost("/api/v1/{tenant}/subjects/{subjectId}/visitors", LinkVisitor).WithTags("Banner").RequireScope(Scopes.ConsentWrite);
        return app;
    }

    private static Results<Ok<BannerConfigView>, StatusCodeHttpResult> GetConfig(HttpContext http, string tenant, string? lang, TenantRegistry tenants)
    {
        var (view, etag) = BannerConfigCache.For(tenants.Find(tenant)!.Catalog, lang);
        // Revalidated on every load (cheap 304) so that a new policyVersion reaches banners at once.
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers.ETag = etag;
        return http.Request.Headers.IfNoneMatch.ToString().Split(',').Any(t => t.Trim() == etag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(view);
    }

    private static async Task<Results<Created<BannerReceipt>, ProblemHttpResult>> PostConsent(HttpContext http, string tenant, TenantRegistry tenants, VisitorService visitors, TimeProvider clock, CancellationToken ct)
    {
        var (requestId, body, bodyProblem) = await RequestBodies.ReadWriteAsync<BannerConsentRequest>(http);
        if (bodyProblem is not null) return bodyProblem;
        var request = body!.Value;
        var catalog = tenants.Find(tenant)!.Catalog;
        var errors = new Errors();
        errors.Add("visitorId", Ids.Problem(request.VisitorId));
        foreach (var id in (request.Categories ?? new Dictionary<string, bool>()).Keys)
            if (!catalog.Definition.CookieCategories.Any(c => c.Id == id)) errors.Add($"categories.{id}", "is not a cookie category of this tenant");
        errors.Add("policyVersion", Ids.TextProblem(request.PolicyVersion, 64));
        if (request.Language is not null && !Languages.Supported.Contains(request.Language)) errors.Add("language", "must be fi, sv or en");
        if (request.Action is not (null or "accept-all" or "reject-all" or "save" or "embed")) errors.Add("action", "must be accept-all, reject-all, save or embed");
        ServiceChoices.Validate(catalog.Definition, request.Services, errors);
        if (errors.Any) return Problems.Validation(errors.ToDictionary());

        // Global Privacy Control: a browser sending Sec-GPC: 1 is recorded with marketing denied, whatever the body says.
        var gpc = http.Request.Headers["Sec-GPC"].ToString().Trim() == "1" || request.Gpc == true;
        var choices = catalog.Definition.CookieCategories.Select(c => new CookieChoice(c.Id,
            c.Required || (request.Categories?.GetValueOrDefault(c.Id) == true && !(gpc && c.Id == BannerConfig.MarketingCategory)))).ToArray();
        var services = ServiceChoices.Record(catalog.Definition, choices, request.Services, gpc);
        var wording = BannerConfig.WordingSha256(BannerConfig.Build(catalog, request.Language));
        var meta = new EventMeta(requestId!, body.Hash, clock.GetUtcNow(), "banner", SubjectEndpoints.Origin(http.Request));
        var write = await visitors.WriteAsync(tenant, request.VisitorId!, requestId!, seal => new VisitorCommand.RecordChoice(
            new VisitorEvent.CookiesRecorded(choices, request.PolicyVersion ?? catalog.Definition.PolicyVersion, request.Language, request.Action, gpc,
                BrowserEvidence.Of(http, wording, seal), meta, services), meta), ct);
        return write.Outcome switch
        {
            LedgerOutcome.Recorded or LedgerOutcome.Replayed => TypedResults.Created((string?)null, Receipt(write)),
            LedgerOutcome.KeyReused => Problems.KeyReused(),
            LedgerOutcome.SubjectErased => Problems.SubjectErased(),
            _ => throw new InvalidOperationException($"Unhandled {write.Outcome}"),
        };
    }

    private static BannerReceipt Receipt(VisitorWrite write)
    {
        // A replay answers the choice its request recorded, even if later choices followed.
        var choice = write.State.Choice!;
        return new BannerReceipt(write.ReceiptId, choice.Categories.ToDictionary(c => c.Category, c => c.Allowed), choice.Gpc,
            choice.Services?.ToDictionary(c => c.Service, c => c.Allowed));
    }

    private static async Task<Results<Ok<VisitorConsentView>, ProblemHttpResult>> GetConsent(string tenant, string visitorId, TenantRegistry tenants, VisitorViews visitors, IPartyLookup lookup,
        TimeProvider clock, CancellationToken ct)
    {
        if (Ids.Problem(visitorId) is { } problem) return Problems.Validation("visitorId", problem);
        var definition = tenants.Find(tenant)!.Catalog.Definition;
        var state = await visitors.FindAsync(tenant, visitorId, ct);
        var decision = VisitorPrompt.Decide(definition, state?.Choice, clock.GetUtcNow());
        if (decision is not null) return TypedResults.Ok(new VisitorConsentView(true, decision));
        var choice = state!.Choice!;
        var categories = choice.Categories.Where(c => definition.CookieCategories.Any(d => d.Id == c.Category))
            .ToDictionary(c => c.Category, c => c.Allowed);
        // A change made elsewhere reaches the banner: the linked subject's objection or restriction turns marketing off.
        var marketingBlocked = state.SubjectId is { } subjectId && categories.ContainsKey(BannerConfig.MarketingCategory)
            && VisitorPrompt.MarketingBlocked((await lookup.StatesAsync([StreamId.Subject(tenant, subjectId)], ct, values: false))[0]);
        if (marketingBlocked) categories[BannerConfig.MarketingCategory] = false;
        return TypedResults.Ok(new VisitorConsentView(false, null, visitorId, categories, choice.PolicyVersion, choice.At,
            EventIds.For(StreamId.Visitor(tenant, visitorId), choice.RequestId, 0),   // the choice is its request's only event
            ServiceChoices.Current(definition, choice.Services, categories, marketingBlocked)));
    }

    private static async Task<Results<Created<VisitorLinkResponse>, ProblemHttpResult>> LinkVisitor(HttpContext http, string tenant, string subjectId, VisitorService visitors, LedgerService ledger,
        TimeProvider clock, CancellationToken ct)
    {
        if (Ids.Problem(subjectId) is { } idProblem) return Problems.Validation("subjectId", idProblem);
        var (requestId, body, bodyProblem) = await RequestBodies.ReadWriteAsync<VisitorLinkRequest>(http);
        if (bodyProblem is not null) return bodyProblem;
        if (Ids.Problem(body!.Value.VisitorId) is { } visitorProblem) return Problems.Validation("visitorId", visitorProblem);
        var meta = new EventMeta(requestId!, body.Hash, clock.GetUtcNow(), "api", SubjectEndpoints.Origin(http.Request));
        // The subject learns of the visitor first: should the second write be lost, erasure still reaches the visitor.
        var subject = await ledger.WriteAsync(StreamId.Subject(tenant, subjectId), requestId!, _ => new LedgerCommand.LinkVisitor(body.Value.VisitorId!, meta), null, ct, sealsData: false);
        if (subject.Outcome is LedgerOutcome.KeyReused) return Problems.KeyReused();
        if (subject.Outcome is LedgerOutcome.SubjectErased) return Problems.SubjectErased();
        var write = await visitors.WriteAsync(tenant, body.Value.VisitorId!, requestId!, _ => new VisitorCommand.Link(subjectId, meta), ct);
        return write.Outcome switch
        {
            LedgerOutcome.KeyReused => Problems.KeyReused(),
            LedgerOutcome.SubjectErased => Problems.SubjectErased(),
            _ => TypedResults.Created((string?)null, new VisitorLinkResponse(body.Value.VisitorId!, subjectId)),
        };
    }

}
