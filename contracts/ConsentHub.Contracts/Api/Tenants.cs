using ConsentHub.Contracts.Events;

namespace ConsentHub.Contracts.Api;

/// <summary>Answer to a replaced tenant definition.</summary>
public sealed record TenantResponse(TenantDefinition Tenant);

/// <summary>A tenant as the operator reads it: its definition and the site keys its banners use.</summary>
public sealed record TenantDetailsResponse(TenantDefinition Tenant, IReadOnlyList<string> SiteKeys);
