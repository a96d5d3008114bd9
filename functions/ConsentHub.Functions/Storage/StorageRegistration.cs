using ConsentHub.Domain.Storage;
using ConsentHub.Functions.Security;

namespace ConsentHub.Functions.Storage;

public sealed record HubOptions(string DataDir, string Store);

public static class StorageRegistration
{
    public static IServiceCollection AddHubStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new HubOptions(
            Path.GetFullPath(configuration["ConsentHub:DataDir"] is { Length: > 0 } dir ? dir : "./.consenthub"),
            configuration["ConsentHub:Store"] is { Length: > 0 } store ? store.ToLowerInvariant() : "sqlite");
        if (options.Store != "sqlite")
            throw new InvalidOperationException($"ConsentHub:Store '{options.Store}' is not available in this build; use 'sqlite'.");
        services.AddSingleton(options);
        services.AddSingleton(sp => HubSecrets.Load(configuration, options.DataDir));
        services.AddSingleton(_ => new SqliteDatabase(Path.Combine(options.DataDir, "consenthub.db")));
        services.AddSingleton<SqliteEventStore>(sp => new SqliteEventStore(sp.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<IEventStore>(sp => sp.GetRequiredService<SqliteEventStore>());
        services.AddSingleton<IStreamKeyStore, SqliteStreamKeyStore>();
        return services;
    }
}
