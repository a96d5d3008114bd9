namespace ConsentHub.Hub.Jobs;

public static class JobRegistration
{
    /// The scheduled jobs; the Functions app's timers call them.
    public static IServiceCollection AddJobs(this IServiceCollection services)
    {
        services.AddSingleton<RetentionJob>();
        services.AddSingleton<RequestDeadlinesJob>();
        return services;
    }
}
