using ConsentHub.Functions.Projections.Views;

namespace ConsentHub.Functions.Requests;

public static class RequestRegistration
{
    public static IServiceCollection AddRequests(this IServiceCollection services)
    {
        services.AddSingleton<IViewProjector>(RequestViews.Projector);
        services.AddSingleton<RequestViews>();
        return services;
    }
}
