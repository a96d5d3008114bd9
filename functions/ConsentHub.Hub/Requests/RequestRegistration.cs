using ConsentHub.Hub.Jobs;
using ConsentHub.Hub.Projections.Views;

namespace ConsentHub.Hub.Requests;

/// Data subject requests and their deadlines, erasure and export.
public static class RequestRegistration
{
    public static IServiceCollection AddRequests(this IServiceCollection services)
    {
        services.AddSingleton<IViewProjector>(RequestViews.Projector);
        services.AddSingleton<RequestViews>();
        services.AddSingleton<RequestCases>();
        services.AddSingleton<Propagation.IPropagationTarget, RequestNoticeTarget>();
        services.AddSingleton<IViewProjector>(LegalHolds.Projector);
        services.AddSingleton<LegalHolds>();
        services.AddSingleton<ExportSections>();
        services.AddSingleton<IRetentionStep, LegalHoldStep>();
        services.AddSingleton<SubjectErasure>();
        services.AddSingleton<RequestCaseReader>();
        services.AddSingleton<RequestAttachments>();
        services.AddSingleton<RequestErasure>();
        return services;
    }

    public static IEndpointRouteBuilder MapRequests(this IEndpointRouteBuilder app) =>
        app.MapRequestEndpoints().MapErasureEndpoints().MapExportEndpoints().MapRequestAttachmentEndpoints().MapRequestDeadlineEndpoints();
}
