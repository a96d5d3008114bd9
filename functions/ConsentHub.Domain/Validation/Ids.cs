using System.Text.RegularExpressions;

namespace ConsentHub.Domain.Validation;

/// Ids of tenants, subjects, purposes and lists: `^[a-z0-9][a-z0-9._:-]{0,127}$` (API.md "Conventions").
public static partial class Ids
{
    [GeneratedRegex(@"^[a-z0-9][a-z0-9._:-]{0,127}\z")]
    private static partial Regex Pattern();

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    /// The problem with an id, or null when it is fine: malformed, or holding a personal identity code.
    public static string? Problem(string? id) =>
        string.IsNullOrEmpty(id) ? "is required"
        : !IsValid(id) ? "must match ^[a-z0-9][a-z0-9._:-]{0,127}$"
        : PersonalIdentityCode.ContainsAny(id) ? "must not contain a personal identity code"
        : null;

    /// The problem with free text that would be stored, or null.
    public static string? TextProblem(string? text, int maxLength = 1000) =>
        text is null ? null
        : text.Length > maxLength ? $"must be at most {maxLength} characters"
        : PersonalIdentityCode.ContainsAny(text) ? "must not contain a personal identity code"
        : null;
}
