using System.Security.Cryptography;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Security;
using ConsentHub.Hub.Storage;
using ConsentHub.Hub.Storage.Cosmos;

namespace ConsentHub.Api.Tests.Stores;

/// Every key store keeps a tombstone where it destroyed a key: no key is made for that stream again, by this
/// instance or another, and what was sealed with the old key reads as erased.
public abstract class StreamKeyTombstoneContract : IAsyncLifetime
{
    private readonly string _tenant = "t" + Guid.NewGuid().ToString("N")[..8];
    private readonly HubSecrets _secrets = new(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
    private IStreamKeyStore _keys = null!;

    protected abstract Task<IStreamKeyStore> StartAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => _keys = await StartAsync();

    [Fact]
    public async Task A_destroyed_key_is_never_made_again_and_its_sealed_values_read_as_erased()
    {
        var stream = StreamId.Subject(_tenant, "s1");
        var keys = new StreamKeys(_keys, _secrets);
        var sealer = new Sealer(keys);
        var sealedEmail = (await sealer.ForStreamAsync(stream, default))!("poistettu@example.fi");
        Assert.Equal("poistettu@example.fi", (await sealer.OpenerAsync(stream, default))(sealedEmail));

        await keys.DestroyAsync(stream, default);

        Assert.Null(await _keys.FindAsync(stream, default));
        Assert.Null(await _keys.AddOrGetAsync(stream, RandomNumberGenerator.GetBytes(60), default));
        Assert.Null(await _keys.FindAsync(stream, default));
        var another = new Sealer(new StreamKeys(_keys, _secrets));   // another instance, its cache cold
        Assert.Null(await another.ForStreamAsync(stream, default));
        Assert.Null((await another.OpenerAsync(stream, default))(sealedEmail));
        Assert.Null((await sealer.OpenerAsync(stream, default))(sealedEmail));   // the key was in this instance's cache
        Assert.True(await _keys.ErasedAsync(stream, default));
        Assert.True(await new StreamKeys(_keys, _secrets).ErasedAsync(stream, default));
    }

    [Fact]
    public async Task Asking_whether_a_stream_was_erased_makes_no_key()
    {
        var keyed = StreamId.Subject(_tenant, "keyed");
        var keys = new StreamKeys(_keys, _secrets);
        Assert.NotNull(await keys.GetOrCreateAsync(keyed, default));
        Assert.False(await keys.ErasedAsync(keyed, default));
        var unknown = StreamId.Contact(_tenant, "fedcba9876543210");
        Assert.False(await keys.ErasedAsync(unknown, default));
        Assert.Null(await _keys.FindAsync(unknown, default));
    }

    [Fact]
    public async Task A_stream_erased_before_it_had_a_key_gets_none()
    {
        var stream = StreamId.Contact(_tenant, "0123456789abcdef");
        await new StreamKeys(_keys, _secrets).DestroyAsync(stream, default);
        Assert.Null(await new Sealer(new StreamKeys(_keys, _secrets)).ForStreamAsync(stream, default));
        Assert.Null(await _keys.FindAsync(stream, default));
        Assert.True(await _keys.ErasedAsync(stream, default));
        Assert.NotNull(await new Sealer(new StreamKeys(_keys, _secrets)).ForStreamAsync(StreamId.Subject(_tenant, "alive"), default));
    }

    [Fact]
    public async Task A_value_sealed_with_another_key_reads_as_erased_not_as_an_error()
    {
        var stream = StreamId.Subject(_tenant, "s2");
        var foreign = (await new Sealer(new StreamKeys(_keys, _secrets)).ForStreamAsync(StreamId.Subject(_tenant, "s3"), default))!("vieras@example.fi");
        var open = await new Sealer(new StreamKeys(_keys, _secrets)).ForStreamAsync(stream, default);
        Assert.NotNull(open);
        Assert.Null((await new Sealer(new StreamKeys(_keys, _secrets)).OpenerAsync(stream, default))(foreign));
    }
}

public sealed class SqliteStreamKeyTombstoneContract : StreamKeyTombstoneContract
{
    private SqliteEventStore? _store;

    protected override Task<IStreamKeyStore> StartAsync()
    {
        var db = new SqliteDatabase(Path.Combine(TestHub.NewDataDir(), "consenthub.db"));
        _store = new SqliteEventStore(db);
        return Task.FromResult<IStreamKeyStore>(new SqliteStreamKeyStore(db, _store));
    }

    public override async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
    }
}

[Collection(CosmosCollection.C)]
public sealed class CosmosStreamKeyTombstoneContract(CosmosServer server) : StreamKeyTombstoneContract
{
    private CosmosContainers? _cosmos;

    protected override async Task<IStreamKeyStore> StartAsync()
    {
        _cosmos = new CosmosContainers(server.Options(CosmosServer.NewDatabase()), server.Http);
        await _cosmos.EnsureCreatedAsync(default);
        return new CosmosStreamKeyStore(_cosmos);
    }

    public override Task DisposeAsync()
    {
        _cosmos?.Dispose();
        return Task.CompletedTask;
    }
}
