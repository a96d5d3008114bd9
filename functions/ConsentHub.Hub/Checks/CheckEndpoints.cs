using ConsentHub.Contracts.Api;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Checks;
using ConsentHub.Domain.Storage;
using ConsentHub.Domain.Validation;
using ConsentHub.Hub.Http;
using ConsentHub.Hub.Projections;
using ConsentHub.Hub.Security;
using ConsentHub.Hub.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConsentHub.Hub.Checks;

/// The routes senders use: the permission check and the suppressions feed.
public static class CheckEndpoints
{
    public const int MaxRecipients = 10_000;

    public static IEndpointRouteBuilder MapCheckEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/{tenant}/permissions/check", Check).WithTags("Checks").RequireScope(Scopes.Check);
        app.MapGet("/api/v1/{tenant}/suppressions", Suppressions).WithTags("Checks").RequireScope(Scopes.Check);
        return app;
    }

    private static async Task<Results<CheckAnswer, ProblemHttpResult>> Check(HttpContext http, string tenant, TenantRegistry tenants, PermissionChecks checks, CancellationToken ct)
    {
        var (body, problem) = await RequestBodies.ReadAsync(http, HotPathJson.Default.CheckRequest, hashed: false);
        if (problem is not null) return problem;
        var request = body!.Value;
        var errors = new Errors();
        if (string.IsNullOrEmpty(request.Purpose)) errors.Add("purpose", "is required");
        ValidateChannel(request.Channel, errors);
        if (request.Recipients is not { Count: >= 1 and <= MaxRecipients })
            errors.Add("recipients", $"must hold 1 to {MaxRecipients} recipients");
        if (errors.Any) return Problems.Validation(errors.ToDictionary());
        var catalog = tenants.Find(tenant)!.Catalog;
        var permissions = await checks.CheckManyAsync(tenant, catalog, request.Purpose!, request.Channel!, request.Recipients!, ct);
        return new CheckAnswer(request.Recipients!, permissions);
    }

    private static async Task<Results<Ok<SuppressionsResponse>, ProblemHttpResult>> Suppressions(HttpContext http, string tenant, string? channel, string? purpose, string? after, string? limit,
        TenantRegistry tenants, PartyViews parties, PermissionChecks checks, GroupProhibitions group, Sealer sealer, CancellationToken ct)
    {
        var errors = new Errors();
        ValidateChannel(channel, errors);
        var catalog = tenants.Find(tenant)!.Catalog;
        if (string.IsNullOrEmpty(purpose)) errors.Add("purpose", "is required");
        else if (!catalog.Knows(purpose)) errors.Add("purpose", $"'{purpose}' is not a purpose or newsletter:<list> of this tenant");
        if (errors.Any) return Problems.Validation(errors.ToDictionary());
        var (cursor, cursorProblem) = Cursors.DecodeSequence(after);
        if (cursorProblem is not null) return cursorProblem;
        var (max, limitProblem) = Cursors.Limit(limit, 1000, 1000);
        if (limitProblem is not null) return limitProblem;

        // Without a cursor: the full list of what is suppressed now. With one: every contact point whose
        // state may have changed since, suppressed or not, so a sender can keep its own list in step. The cursor is a
        // sequence of the tenant's contact change log (PartyViews), read page by page until `max` items are found.
        var openers = new Openers(sealer);
        var items = new List<SuppressionItem>();
        var changesSince = !string.IsNullOrEmpty(after);
        var next = cursor;
        while (items.Count < max)
        {
            var page = await parties.ContactChangesAsync(tenant, next, max - items.Count, ct);
            foreach (var change in page.Changes)
            {
                next = change.Sequence;
                if (await parties.SourceAsync(tenant, change.Key, ct) is not { } source) continue;
                var kind = ContactPoint.KindOf(source.Kind);
                var recipient = new Recipient.Contact(new ContactPoint(kind, change.Key));
                if (!recipient.Fits(channel!)) continue;
                // In a group that shares prohibitions the other members' are found by the clear value, so it is opened first.
                var opened = group.Shares(catalog) ? await openers.OpenAsync(source, ct) : null;
                var permission = await checks.CheckHashAsync(tenant, catalog, purpose!, channel!, change.Key, recipient, ct,
                    opened is null ? null : new ContactPoint(kind, opened));
                if (!changesSince && !Suppressed(permission)) continue;
                if ((opened ?? await openers.OpenAsync(source, ct)) is not { } contact) continue;   // erased: its clear value no longer exists
                items.Add(new SuppressionItem(contact, Suppressed(permission), permission.Reason, change.At, permission.Scope));
            }
            next = page.Next;
            if (page.Changes.Count == 0) break;
        }
        return TypedResults.Ok(new SuppressionsResponse(items, Cursors.EncodeSequence(next)));
    }

    private static bool Suppressed(Permission permission) => !permission.Allowed && Reasons.IsSuppression(permission.Reason);

    private static void ValidateChannel(string? channel, Errors errors)
    {
        if (string.IsNullOrEmpty(channel)) errors.Add("channel", "is required");
        else if (!Channels.Known.Contains(channel)) errors.Add("channel", "must be email, sms, phone, post or push");
    }
}
