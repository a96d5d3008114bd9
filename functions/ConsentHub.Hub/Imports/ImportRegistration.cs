namespace ConsentHub.Hub.Imports;

public static class ImportRegistration
{
    public static IServiceCollection AddImports(this IServiceCollection services)
    {
        services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ImportRecords>();
        services.AddSingleton<ImportStatements>();
        services.AddSingleton<ImportRunner>();
        return services;
    }
}
