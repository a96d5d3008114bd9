using ConsentHub.Hub.Projections;
using ConsentHub.Hub.Projections.Views;

namespace ConsentHub.Hub.Ledger;

public static class LedgerRegistration
{
    public static IServiceCollection AddLedger(this IServiceCollection services)
    {
        services.AddSingleton<PartyIndex>();
        services.AddSingleton<IViewObserver>(sp => sp.GetRequiredService<PartyIndex>());
        services.AddSingleton<IViewProjector>(PartyProjector.Subjects);
        services.AddSingleton<IViewProjector>(PartyProjector.Contacts);
        services.AddSingleton<PartyViews>();
        services.AddSingleton<IPartyLookup>(sp => sp.GetRequiredService<PartyViews>());
        services.AddHostedService<PartyIndexLoader>();
        services.AddSingleton<LedgerService>();
        services.AddSingleton<ContactWrites>();
        services.AddSingleton<PreferencesView>();
        services.AddSingleton<HistoryReader>();
        return services;
    }
}
