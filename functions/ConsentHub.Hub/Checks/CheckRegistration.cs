namespace ConsentHub.Hub.Checks;

public static class CheckRegistration
{
    public static IServiceCollection AddChecks(this IServiceCollection services) => services.AddSingleton<PermissionChecks>().AddSingleton<GroupProhibitions>();
}
