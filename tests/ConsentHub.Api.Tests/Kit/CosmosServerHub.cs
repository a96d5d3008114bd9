namespace ConsentHub.Api.Tests.Kit;

/// The self-hosted server (`dotnet run`) on Cosmos DB: as CosmosHub, but the server, so it reads the change feed and
/// runs the propagation itself.
public static class CosmosServerHub
{
    public static Task<TestHub> StartAsync(CosmosServer server, string database, byte[][] secrets, IReadOnlyDictionary<string, string?>? extra = null,
        Action<IServiceCollection>? services = null)
    {
        var settings = CosmosHub.Settings(server, database, secrets);
        settings["ConsentHub:ChangeFeed:PollInterval"] = "00:00:00.200";
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        return TestHub.StartAsync(extra: settings, services: s => { s.AddSingleton(server.Http); services?.Invoke(s); });
    }

    /// The lines of an outbox file (email.jsonl, sms.jsonl, sendgrid.jsonl) of these hubs together.
    public static int OutboxLines(string file, params TestHub[] hubs) =>
        hubs.Select(h => Path.Combine(h.DataDir, "outbox", file)).Where(File.Exists).Sum(p => File.ReadAllLines(p).Length);
}
