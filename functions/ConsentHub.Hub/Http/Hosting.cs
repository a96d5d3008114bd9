namespace ConsentHub.Hub.Http;

/// Which host runs the hub: embedded (`dotnet run`, the self-hosted server) or the Azure Functions host, which sets
/// the port its custom handler listens on.
public static class Hosting
{
    public const string FunctionsPortSetting = "FUNCTIONS_CUSTOMHANDLER_PORT";

    public static bool UnderFunctionsHost(IConfiguration configuration) => configuration[FunctionsPortSetting] is { Length: > 0 };
}
