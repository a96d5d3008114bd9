using ConsentHub.Domain.Validation;

namespace ConsentHub.Hub.Http;

/// Header values the hub may keep: Idempotency-Key becomes the request id of the events written, the User-Agent is
/// sealed as evidence, the Host becomes an event's origin. A personal identity code (henkilötunnus) must never be
/// stored, so a request carrying one in any of them is refused before anything reads it.
public static class StoredHeaders
{
    private static readonly string[] Checked = ["Idempotency-Key", "User-Agent", "Host"];
    public static readonly IReadOnlyList<string> Names = Checked;

    public static IApplicationBuilder UseStoredHeaderCheck(this IApplicationBuilder app) =>
        app.Use((context, next) => Problem(context.Request) is { } problem ? problem.ExecuteAsync(context) : next(context));

    public static IResult? Problem(HttpRequest request)
    {
        foreach (var name in Checked)
            foreach (var value in request.Headers[name])
                if (PersonalIdentityCode.ContainsAny(value))
                    return Problems.Validation(name, "must not contain a personal identity code");
        return null;
    }
}
