using ConsentHub.Api.Tests.Kit;
using ConsentHub.Hub.Projections;
using ConsentHub.Hub.Projections.Views;
using ConsentHub.Hub.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConsentHub.Api.Tests.Stores;

/// The conformance suite on the embedded store: changes reach the party views by catching up the global feed.
public sealed class SqliteEventStoreContract : EventStoreContract
{
    private SqliteEventStore? _store;
    private SqliteViewFeed? _feed;

    protected override Task<StoreUnderTest> StartAsync()
    {
        var db = new SqliteDatabase(Path.Combine(TestHub.NewDataDir(), "consenthub.db"));
        _store = new SqliteEventStore(db);
        var views = new SqliteViewStore(db, _store);
        var index = new PartyIndex(views, new PartyIndexOptions(null), TimeProvider.System);
        _feed = new SqliteViewFeed(_store, views, [PartyProjector.Subjects, PartyProjector.Contacts], [index], new ViewFaults(), NullLogger<SqliteViewFeed>.Instance);
        return Task.FromResult(new StoreUnderTest(_store, new SqliteStreamKeyStore(db, _store), new PartyViews(views, index, [index]),
            _ => _feed.CatchUpAsync(default)));
    }

    public override async Task DisposeAsync()
    {
        _feed?.Dispose();
        if (_store is not null) await _store.DisposeAsync();
    }
}
