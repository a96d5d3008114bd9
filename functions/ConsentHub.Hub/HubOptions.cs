using Microsoft.Extensions.Options;

namespace ConsentHub.Hub;

/// The hub's own settings, `ConsentHub:*` outside any capability's section. Bound once, at registration (the store
/// and the public base decide what is registered), checked by HubOptionsValidator; a bad value stops the start with
/// one line that names the setting and the fix.
public sealed class HubOptions
{
    public const string Section = "ConsentHub";

    /// `sqlite` (embedded, the default) or `cosmos`.
    public string Store { get; set; } = "sqlite";

    /// The embedded store's folder (database, outbox, secrets where allowed); relative to the working directory.
    public string DataDir { get; set; } = "./.consenthub";

    /// The base of every absolute URL the hub hands out (PublicUrls); required outside Development.
    public string? PublicBaseUrl { get; set; }

    /// The operator key; without it the operator routes do not exist.
    public string? AdminKey { get; set; }

    public bool IsCosmos => string.Equals(Store, "cosmos", StringComparison.OrdinalIgnoreCase);

    public string DataPath => Path.GetFullPath(DataDir);

    public static HubOptions Read(IConfiguration configuration)
    {
        var options = new HubOptions();
        configuration.GetSection(Section).Bind(options);
        if (string.IsNullOrEmpty(options.Store)) options.Store = "sqlite";
        if (string.IsNullOrEmpty(options.DataDir)) options.DataDir = "./.consenthub";
        options.Store = options.Store.ToLowerInvariant();
        if (new HubOptionsValidator().Validate(null, options) is { Failed: true } invalid)
            throw new StartRefusedException($"ConsentHub will not start: {invalid.FailureMessage}");
        return options;
    }
}

public sealed class HubOptionsValidator : IValidateOptions<HubOptions>
{
    public ValidateOptionsResult Validate(string? name, HubOptions options)
    {
        var failures = new List<string>();
        if (options.Store is not ("sqlite" or "cosmos"))
            failures.Add($"ConsentHub__Store '{options.Store}' is not known; use 'sqlite' or 'cosmos'.");
        if (!string.IsNullOrWhiteSpace(options.PublicBaseUrl)
            && (!Uri.TryCreate(options.PublicBaseUrl.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0))
            failures.Add($"ConsentHub__PublicBaseUrl '{options.PublicBaseUrl}' is not an absolute http(s) URL without query or fragment, e.g. https://consent.example.fi");
        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
