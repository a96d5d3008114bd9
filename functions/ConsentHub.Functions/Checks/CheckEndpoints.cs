using ConsentHub.Contracts.Api;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Checks;
using ConsentHub.Domain.Storage;
using ConsentHub.Domain.Validation;
using ConsentHub.Functions.Http;
using ConsentHub.Functions.Projections;
using ConsentHub.Functions.Security;
using ConsentHub.Functions.Tenants;

namespace ConsentHub.Functions.Checks;

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

    private static async Task<IResult> Check(HttpContext http, string tenant, TenantRegistry tenants, PermissionChecks checks, CancellationToken ct)
    {
        var (body, problem) = await RequestBodies.ReadAsync<CheckRequest>(http);
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
        var results = request.Recipients!.Select((r, i) => new CheckResult(r, permissions[i].Allowed, permissions[i].Reason)).ToList();
        return TypedResults.Ok(new CheckResponse(results));
    }

    private static async Task<IResult> Suppressions(HttpContext http, string tenant, string? channel, string? purpose, string? after, string? limit,
        TenantRegistry tenants, PartyIndex parties, PermissionChecks checks, Sealer sealer, CancellationToken ct)
    {
        var errors = new Errors();
        ValidateChannel(channel, errors);
        var catalog = tenants.Find(tenant)!.Catalog;
        if (string.IsNullOrEmpty(purpose)) errors.Add("purpose", "is required");
        else if (!catalog.Knows(purpose)) errors.Add("purpose", $"'{purpose}' is not a purpose or newsletter:<list> of this tenant");
        if (errors.Any) return Problems.Validation(errors.ToDictionary());
        var (cursor, cursorProblem) = Cursors.Decode(after);
        if (cursorProblem is not null) return cursorProblem;
        var (max, limitProblem) = Cursors.Limit(limit, 1000, 1000);
        if (limitProblem is not null) return limitProblem;

        // Without a cursor: the full list of what is suppressed now. With one: every contact point whose
        // state may have changed since, suppressed or not, so a sender can keep its own list in step.
        var people = parties.For(tenant);
        var decided = new Dictionary<string, (ContactSource Source, Permission Permission)>();
        var (changes, next) = people.ChangesAfter(cursor ?? default, max, change =>
        {
            if (people.Source(change.Hash) is not { } source) return false;
            var kind = source.Kind == "email" ? ContactKind.Email : ContactKind.Phone;
            var recipient = new Recipient.Contact(new ContactPoint(kind, change.Hash));
            if (!recipient.Fits(channel!)) return false;
            var permission = checks.CheckHash(tenant, catalog, purpose!, channel!, change.Hash, recipient);
            decided[change.Hash] = (source, permission);
            return cursor is not null || Suppressed(permission);
        });
        var openers = new Openers(sealer);
        var items = new List<SuppressionItem>();
        foreach (var change in changes)
        {
            var (source, permission) = decided[change.Hash];
            if (await openers.OpenAsync(source, ct) is not { } contact) continue;   // erased: its clear value no longer exists
            items.Add(new SuppressionItem(contact, Suppressed(permission), permission.Reason, change.At));
        }
        return TypedResults.Ok(new SuppressionsResponse(items, Cursors.Encode(next)));
    }

    private static bool Suppressed(Permission permission) => !permission.Allowed && Reasons.IsSuppression(permission.Reason);

    private static void ValidateChannel(string? channel, Errors errors)
    {
        if (string.IsNullOrEmpty(channel)) errors.Add("channel", "is required");
        else if (!Channels.Known.Contains(channel)) errors.Add("channel", "must be email, sms, phone or post");
    }
}
