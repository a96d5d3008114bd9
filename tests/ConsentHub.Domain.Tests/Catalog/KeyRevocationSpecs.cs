using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Tests.TestKit;
using static ConsentHub.Domain.Tests.TestKit.Sample;

namespace ConsentHub.Domain.Tests.Catalog;

public sealed class KeyRevocationSpecs
{
    private static readonly TenantEvent Defined = new TenantEvent.Defined(Kaleva365.Definition, Meta("define", 0));
    private static readonly TenantEvent Issued = new TenantEvent.ApiKeyIssued("key-1", "sha", new[] { "check" }, Meta("issue", 1));

    private static (TenantOutcome Outcome, TenantEvent[] Events) Decide(TenantCommand command, params TenantEvent[] history) =>
        TenantDecider.Decide(command, history.Aggregate(TenantState.Initial, TenantDecider.Evolve));

    [Fact]
    public void Revoking_an_issued_key_records_the_revocation()
    {
        var meta = Meta("revoke", 2);
        var (outcome, events) = Decide(new TenantCommand.RevokeKey("key-1", meta), Defined, Issued);
        Assert.IsType<TenantOutcome.Done>(outcome);
        Assert.Equal([new TenantEvent.ApiKeyRevoked("key-1", meta)], events);
    }

    [Fact]
    public void Revoking_a_revoked_key_again_records_nothing() =>
        Assert.Empty(Decide(new TenantCommand.RevokeKey("key-1", Meta("again", 3)), Defined, Issued, new TenantEvent.ApiKeyRevoked("key-1", Meta("revoke", 2))).Events);

    [Fact]
    public void Revoking_a_key_the_tenant_never_had_is_not_found() =>
        Assert.IsType<TenantOutcome.KeyNotFound>(Decide(new TenantCommand.RevokeKey("key-9", Meta("revoke", 2)), Defined, Issued).Outcome);
}
