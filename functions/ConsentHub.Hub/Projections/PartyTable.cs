namespace ConsentHub.Hub.Projections;

/// A map for the party index that keeps its entries inline: a plain Dictionary (entries in one array per part, no
/// node object per entry as ConcurrentDictionary has), split in parts each behind its own lock so that readers on
/// both cores and the writers of the feed rarely meet. Values are small structs, read and replaced whole.
internal sealed class PartyTable<TKey, TValue> where TKey : notnull
{
    private const int Parts = 32;
    private readonly Dictionary<TKey, TValue>[] _parts;
    private readonly Lock[] _locks;

    public PartyTable(IEqualityComparer<TKey>? comparer = null)
    {
        _parts = new Dictionary<TKey, TValue>[Parts];
        _locks = new Lock[Parts];
        for (var i = 0; i < Parts; i++) (_parts[i], _locks[i]) = (new Dictionary<TKey, TValue>(comparer), new Lock());
        _comparer = comparer ?? EqualityComparer<TKey>.Default;
    }

    private readonly IEqualityComparer<TKey> _comparer;

    private int PartOf(TKey key) => (int)((uint)_comparer.GetHashCode(key) % Parts);

    public bool TryGetValue(TKey key, out TValue value)
    {
        var part = PartOf(key);
        lock (_locks[part]) return _parts[part].TryGetValue(key, out value!);
    }

    /// Room for `count` entries in all without growing (entries spread evenly over the parts, give or take).
    public void EnsureCapacity(int count)
    {
        var each = count / Parts + count / Parts / 16 + 16;
        for (var i = 0; i < Parts; i++)
            lock (_locks[i]) _parts[i].EnsureCapacity(_parts[i].Count + each);
    }

    /// Puts `value`, or what `merge` makes of the held value and it; answers what is held afterwards.
    public TValue AddOrUpdate<TArg>(TKey key, TValue value, Func<TValue, TValue, TArg, TValue> merge, TArg arg)
    {
        var part = PartOf(key);
        lock (_locks[part])
        {
            var map = _parts[part];
            var next = map.TryGetValue(key, out var held) ? merge(held, value, arg) : value;
            map[key] = next;
            return next;
        }
    }
}
