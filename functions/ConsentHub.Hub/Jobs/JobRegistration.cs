using ConsentHub.Hub.Jobs.Retention;

namespace ConsentHub.Hub.Jobs;

public static class JobRegistration
{
    /// The scheduled jobs; the Functions app's timers call them, the self-hosted server schedules them itself.
    public static IServiceCollection AddJobs(this IServiceCollection services, HubHost host = HubHost.Server)
    {
        services.AddSingleton<RetentionJob>();
        services.AddSingleton<RetentionRuns>();
        services.AddSingleton<RetentionTenants>();
        services.AddSingleton<IRetentionStep, EvidenceRetention>();
        services.AddSingleton<IRetentionStep, AnonymousReceiptRetention>();
        services.AddSingleton<IRetentionStep, ClosedAccountRetention>();
        services.AddSingleton<IRetentionStep, InactiveContactRetention>();
        services.AddSingleton<IRetentionStep, OutboxRetention>();
        if (host == HubHost.Server) services.AddHostedService<RetentionSchedule>();
        services.AddSingleton<RequestDeadlinesJob>();
        if (host == HubHost.Server) services.AddSingleton<RequestDeadlinesService>().AddHostedService(sp => sp.GetRequiredService<RequestDeadlinesService>());
        return services;
    }
}
