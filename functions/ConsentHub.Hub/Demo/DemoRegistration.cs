namespace ConsentHub.Hub.Demo;

public static class DemoRegistration
{
    /// Only in Development: a ready tenant and a fresh key printed at start.
    public static IServiceCollection AddDemo(this IServiceCollection services, IHostEnvironment environment) =>
        environment.IsDevelopment() ? services.AddHostedService<DemoTenantSeeder>() : services;
}
