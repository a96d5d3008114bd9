using ConsentHub.Hub.Projections.Views;
using Microsoft.AspNetCore.Cors.Infrastructure;

namespace ConsentHub.Hub.Banner;

public static class BannerRegistration
{
    public static IServiceCollection AddBanner(this IServiceCollection services)
    {
        services.AddCors();
        services.AddSingleton<ICorsPolicyProvider, TenantCorsPolicies>();
        services.AddSingleton<IViewProjector>(VisitorViews.Projector);
        services.AddSingleton<VisitorViews>();
        services.AddSingleton<VisitorService>();
        return services;
    }
}
