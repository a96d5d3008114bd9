namespace ConsentHub.Functions.Checks;

public static class CheckRegistration
{
    public static IServiceCollection AddChecks(this IServiceCollection services) => services.AddSingleton<PermissionChecks>();
}
