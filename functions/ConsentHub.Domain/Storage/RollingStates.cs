using System.Collections.Concurrent;

namespace ConsentHub.Domain.Storage;

/// The states this process last folded, by stream: a bounded cache in two generations (a full generation becomes
/// the old one and the one before it is dropped), so streams written often stay and the rest age out.
public sealed class RollingStates<TEntry>(int capacity) where TEntry : class
{
    private ConcurrentDictionary<StreamId, TEntry> _current = new();
    private ConcurrentDictionary<StreamId, TEntry> _previous = new();
    private readonly Lock _turn = new();
    private int _added;   // streams added to the current generation, counted here: ConcurrentDictionary.Count takes every lock

    public TEntry? Get(StreamId stream)
    {
        if (_current.TryGetValue(stream, out var entry)) return entry;
        if (!_previous.TryGetValue(stream, out entry)) return null;
        Set(stream, entry);
        return entry;
    }

    public void Set(StreamId stream, TEntry entry)
    {
        if (Volatile.Read(ref _added) >= capacity)
        {
            lock (_turn)
            {
                if (_added >= capacity) (_previous, _current, _added) = (_current, new(), 0);
            }
        }
        var current = _current;
        if (current.TryAdd(stream, entry)) Interlocked.Increment(ref _added);
        else current[stream] = entry;
    }

    public void Remove(StreamId stream)
    {
        _current.TryRemove(stream, out _);
        _previous.TryRemove(stream, out _);
    }
}
