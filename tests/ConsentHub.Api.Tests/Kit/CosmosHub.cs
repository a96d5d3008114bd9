using System.Security.Cryptography;

namespace ConsentHub.Api.Tests.Kit;

/// The hub as on Azure: the Functions app (FunctionsAppHub) on Cosmos DB (the local server), secrets from configuration.
public static class CosmosHub
{
    public static Dictionary<string, string?> Settings(CosmosServer server, string database, byte[][] secrets) => new()
    {
        ["ConsentHub:Store"] = "cosmos",
        ["ConsentHub:Cosmos:Endpoint"] = server.Endpoint.ToString(),
        ["ConsentHub:Cosmos:Database"] = database,
        ["ConsentHub:Cosmos:Key"] = CosmosServer.Key,
        ["ConsentHub:Secrets:MasterKey"] = Convert.ToBase64String(secrets[0]),
        ["ConsentHub:Secrets:HashKey"] = Convert.ToBase64String(secrets[1]),
        ["ConsentHub:Secrets:LinkKey"] = Convert.ToBase64String(secrets[2]),
    };

    public static byte[][] NewSecrets() => [RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32)];

    /// `services`: what the test supplies besides (a test clock, say).
    public static Task<TestHub> StartAsync(CosmosServer server, string database, byte[][] secrets, Action<IServiceCollection>? services = null,
        IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = Settings(server, database, secrets);
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        return FunctionsAppHub.StartAsync(settings, s => { s.AddSingleton(server.Http); services?.Invoke(s); });
    }
}
