using ConsentHub.Functions.Checks;
using ConsentHub.Functions.Projections;
using ConsentHub.Functions.Projections.Views;
using ConsentHub.Functions.Security;
using ConsentHub.Functions.Tenants;

namespace ConsentHub.Functions.Ledger;

public static class LedgerRegistration
{
    public static IServiceCollection AddLedger(this IServiceCollection services)
    {
        services.AddOptions<StreamKeyOptions>().BindConfiguration(StreamKeyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<StreamKeys>();
        services.AddSingleton<Sealer>();
        services.AddSingleton<ContactHasher>();
        services.AddSingleton<ApiKeys>();
        services.AddSingleton<TenantRegistry>();
        services.AddSingleton<PartyIndex>();
        services.AddSingleton<IViewObserver>(sp => sp.GetRequiredService<PartyIndex>());
        services.AddSingleton<IViewProjector>(PartyProjector.Subjects);
        services.AddSingleton<IViewProjector>(PartyProjector.Contacts);
        services.AddSingleton<PartyViews>();
        services.AddSingleton<IPartyLookup>(sp => sp.GetRequiredService<PartyViews>());
        services.AddHostedService<PartyIndexLoader>();
        services.AddSingleton<LedgerService>();
        services.AddSingleton<ContactWrites>();
        services.AddSingleton<TenantService>();
        services.AddSingleton<PreferencesView>();
        services.AddSingleton<HistoryReader>();
        services.AddSingleton<PermissionChecks>();
        return services;
    }
}
