namespace ConsentHub.Contracts.Api;

/// <summary>A cookie category as the banner shows it, in the config's language.</summary>
public sealed record BannerCategory(string Id, bool Required, string Name, string? Description, IReadOnlyList<string> Cookies,
    IReadOnlyList<BannerService>? Services = null);

/// <summary>A service inside a category as the banner shows it, with its own switch.</summary>
public sealed record BannerService(string Id, string Name, string? Provider, string? PrivacyUrl, IReadOnlyList<string> Cookies);

/// <summary>What the banner shows and does, in one language: <c>GET …/banner/config</c>.</summary>
public sealed record BannerConfigView(
    string Tenant, string Name, string Language, IReadOnlyList<string> Languages, string? PolicyVersion, string? PrivacyPolicyUrl,
    string? CookieDomain, IReadOnlyDictionary<string, string> Texts, IReadOnlyList<BannerCategory> Categories,
    IReadOnlyDictionary<string, string?> ConsentMode, string ConsentModeImplementation = "advanced");

/// <summary>Answer to <c>POST …/subjects/{subjectId}/visitors</c>: the visitor now linked to the subject.</summary>
public sealed record VisitorLinkResponse(string VisitorId, string SubjectId);
