namespace ConsentHub.Api.Tests.Kit;

/// A test class with its own hub and one tenant of the test catalog, started once for the class's tests.
public abstract class HubTest(string tenantId) : IAsyncLifetime
{
    protected TestHub Hub { get; private set; } = null!;
    protected TenantHandle Tenant { get; private set; } = null!;
    protected HttpClient Client => Tenant.Client;

    public virtual async Task InitializeAsync()
    {
        Hub = await TestHub.StartAsync();
        Tenant = await Hub.CreateTenantAsync(tenantId);
    }

    public async Task DisposeAsync()
    {
        Tenant.Dispose();
        await Hub.DisposeAsync();
    }
}
