using System.Net;
using ConsentHub.Contracts.Api;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Validation;

namespace ConsentHub.Hub.Ledger;

/// Checks of the free text and evidence that callers send with statements.
public static class Inputs
{
    /// Sources the hub sets itself for statements that came from a provider; changes from them are not sent back
    /// to that provider, so a caller may not claim them.
    public static readonly IReadOnlySet<string> ProviderSources = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "sendgrid", "twilio" };

    public static void Source(Errors errors, string? source)
    {
        errors.Add("source", Ids.TextProblem(source, 100));
        if (source is not null && ProviderSources.Contains(source.Trim())) errors.Add("source", "is reserved for statements the hub receives from that provider");
    }

    public static void Evidence(Errors errors, EvidenceInput? evidence)
    {
        if (evidence is null) return;
        if (evidence.Text is { Length: > 20_000 }) errors.Add("evidence.text", "must be at most 20000 characters");
        if (evidence.Ip is { } ip && !IPAddress.TryParse(ip, out _)) errors.Add("evidence.ip", "is not an IP address");
        errors.Add("evidence.userAgent", Ids.TextProblem(evidence.UserAgent, 1000));
        errors.Add("evidence.recordedBy", Ids.TextProblem(evidence.RecordedBy, 200));
    }
}
