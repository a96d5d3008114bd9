using ConsentHub.Domain.Validation;

namespace ConsentHub.Hub.Http;

/// Header values the hub may keep: Idempotency-Key becomes the request id of the events written, the User-Agent is
/// sealed as evidence, the Host becomes an event's origin. A personal identity code (henkilötunnus) must never be
/// stored, so a request carrying one in any of them is refused before anything reads it.
public static class StoredHeaders
{
    public static readonly IReadOnlyList<string> Names = ["Idempotency-Key", "User-Agent", "Host"];

    public static IApplicationBuilder UseStoredHeaderCheck(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (Problem(context.Request) is { } problem) await problem.ExecuteAsync(context);
            else await next(context);
        });

    public static IResult? Problem(HttpRequest request)
    {
        foreach (var name in Names)
            if (request.Headers[name].Any(PersonalIdentityCode.ContainsAny))
                return Problems.Validation(name, "must not contain a personal identity code");
        return null;
    }
}
