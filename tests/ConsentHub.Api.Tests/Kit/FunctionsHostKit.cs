namespace ConsentHub.Api.Tests.Kit;

/// The hub as the Functions host runs it (the host sets FUNCTIONS_CUSTOMHANDLER_PORT), and a client that calls
/// its invocation routes as the host does: on 127.0.0.1 with one invocation id and the host's user agent.
public static class FunctionsHostKit
{
    public static Dictionary<string, string?> UnderHost(IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>(extra ?? new Dictionary<string, string?>()) { ["FUNCTIONS_CUSTOMHANDLER_PORT"] = "7071" };
        return settings;
    }

    public static HttpClient HostClient(this TestHub hub)
    {
        var client = hub.Client();
        client.DefaultRequestHeaders.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        client.DefaultRequestHeaders.Add("X-Azure-Functions-HostVersion", "4.0.0");
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Azure-Functions-Host/4.0.0");
        return client;
    }
}
