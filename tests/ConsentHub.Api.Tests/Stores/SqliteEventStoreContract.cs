using ConsentHub.Functions.Banner;
using ConsentHub.Functions.Propagation;
using ConsentHub.Functions.Requests;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Functions.Projections;
using ConsentHub.Functions.Storage;
using ConsentHub.Functions.Tenants;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConsentHub.Api.Tests.Stores;

/// The conformance suite on the embedded store: changes reach the in-memory projection by catching up the global feed.
public sealed class SqliteEventStoreContract : EventStoreContract
{
    private SqliteEventStore? _store;
    private ProjectionHost? _projections;

    protected override Task<StoreUnderTest> StartAsync()
    {
        var db = new SqliteDatabase(Path.Combine(TestHub.NewDataDir(), "consenthub.db"));
        _store = new SqliteEventStore(db);
        var parties = new PartyIndex();
        _projections = new ProjectionHost(new TenantRegistry(), parties, NullLogger<ProjectionHost>.Instance, _store);
        return Task.FromResult(new StoreUnderTest(_store, new SqliteStreamKeyStore(db, _store), new InMemoryPartyLookup(parties),
            _ => _projections.CatchUpAsync(null, default)));
    }

    public override async Task DisposeAsync()
    {
        _projections?.Dispose();
        if (_store is not null) await _store.DisposeAsync();
    }
}
