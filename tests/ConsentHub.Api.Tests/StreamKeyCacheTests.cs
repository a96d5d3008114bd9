using System.Security.Cryptography;
using ConsentHub.Api.Tests.Kit;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Security;
using ConsentHub.Hub.Storage;
using Microsoft.Extensions.Options;

namespace ConsentHub.Api.Tests;

/// The unwrapped stream keys an instance keeps are bounded in number and in time, on the hub's clock, and a write
/// never trusts them alone. What is cached shows in how often the key store is asked.
public sealed class StreamKeyCacheTests : IAsyncLifetime
{
    private readonly HubSecrets _secrets = new(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
    private readonly TestClock _clock = new();
    private SqliteEventStore _events = null!;
    private CountingKeyStore _store = null!;

    public Task InitializeAsync()
    {
        var db = new SqliteDatabase(Path.Combine(TestHub.NewDataDir(), "consenthub.db"));
        _events = new SqliteEventStore(db);
        _store = new CountingKeyStore(new SqliteStreamKeyStore(db, _events));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _events.DisposeAsync();

    private StreamKeys Keys(int size = 10_000, int seconds = 30) =>
        new(_store, _secrets, Options.Create(new StreamKeyOptions { CacheSize = size, CacheSeconds = seconds }), _clock);

    [Fact]
    public async Task No_more_keys_are_kept_than_the_cache_size_however_many_subjects_are_read()
    {
        using var keys = Keys(size: 20);
        var streams = Enumerable.Range(0, 200).Select(i => StreamId.Subject("t", "s" + i)).ToList();
        foreach (var stream in streams) Assert.NotNull(await keys.GetOrCreateAsync(stream, default));

        _store.Finds = 0;
        foreach (var stream in streams) Assert.NotNull(await keys.FindAsync(stream, default));

        Assert.True(_store.Finds >= streams.Count - 20, $"only {_store.Finds} of {streams.Count} reads reached the key store");
    }

    [Fact]
    public async Task A_cached_key_is_read_again_from_the_store_once_its_time_is_up()
    {
        using var keys = Keys(seconds: 30);
        var stream = StreamId.Subject("t", "s1");
        var key = await keys.GetOrCreateAsync(stream, default);
        _store.Finds = 0;

        _clock.Offset = TimeSpan.FromSeconds(29);
        Assert.Equal(key, await keys.FindAsync(stream, default));
        Assert.Equal(0, _store.Finds);

        _clock.Offset = TimeSpan.FromSeconds(31);
        Assert.Equal(key, await keys.FindAsync(stream, default));
        Assert.Equal(1, _store.Finds);
    }

    [Fact]
    public async Task A_key_destroyed_by_another_instance_refuses_writes_at_once_and_reads_once_the_cache_time_is_up()
    {
        using var here = Keys(seconds: 30);
        using var elsewhere = Keys();
        var stream = StreamId.Subject("t", "s1");
        var key = await here.GetOrCreateAsync(stream, default);

        await elsewhere.DestroyAsync(stream, default);

        Assert.Null(await here.GetOrCreateAsync(stream, default));
        Assert.Null(await new Sealer(here).ForStreamAsync(stream, default));
        _clock.Offset = TimeSpan.FromSeconds(31);
        Assert.Null(await here.FindAsync(stream, default));
        Assert.NotNull(key);
    }

    [Fact]
    public async Task With_no_cache_time_every_read_asks_the_store()
    {
        using var keys = Keys(seconds: 0);
        var stream = StreamId.Subject("t", "s1");
        await keys.GetOrCreateAsync(stream, default);
        _store.Finds = 0;
        await keys.FindAsync(stream, default);
        await keys.FindAsync(stream, default);
        Assert.Equal(2, _store.Finds);
    }

    private sealed class CountingKeyStore(IStreamKeyStore inner) : IStreamKeyStore
    {
        public int Finds;

        public Task<byte[]?> FindAsync(StreamId stream, CancellationToken ct)
        {
            Interlocked.Increment(ref Finds);
            return inner.FindAsync(stream, ct);
        }

        public Task<byte[]?> AddOrGetAsync(StreamId stream, byte[] wrappedKey, CancellationToken ct) => inner.AddOrGetAsync(stream, wrappedKey, ct);
        public Task DestroyAsync(StreamId stream, CancellationToken ct) => inner.DestroyAsync(stream, ct);
        public Task<bool> ErasedAsync(StreamId stream, CancellationToken ct) => inner.ErasedAsync(stream, ct);
    }
}
