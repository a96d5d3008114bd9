using System.Security.Cryptography;

namespace ConsentHub.Api.Tests.Kit;

/// The hub configured as on Azure: Cosmos DB store (the local server), secrets from configuration.
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
        ["FUNCTIONS_CUSTOMHANDLER_PORT"] = "7071",   // on Azure the hub runs under the Functions host
    };

    public static byte[][] NewSecrets() => [RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32)];

    /// `services`: what the test supplies besides (a test clock, say).
    public static Task<TestHub> StartAsync(CosmosServer server, string database, byte[][] secrets, Action<IServiceCollection>? services = null) =>
        TestHub.StartAsync(extra: Settings(server, database, secrets), services: s => { s.AddSingleton(server.Http); services?.Invoke(s); });
}
