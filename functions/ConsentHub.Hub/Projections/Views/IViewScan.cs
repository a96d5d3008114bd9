namespace ConsentHub.Hub.Projections.Views;

/// Every stored view of a kind, of every tenant, handed over in batches as stored (the body as UTF-8 bytes, never a
/// list of every row nor a string per body): how an in-memory index starts (SqliteViewStore). A batch is applied
/// while the next is read; it is reused afterwards, so `apply` keeps nothing of it.
public interface IViewScan
{
    Task ScanAsync(string kind, Action<ViewBatch> apply, CancellationToken ct);

    /// How many views of a kind each tenant holds: an index sizes its tables once instead of growing them row by row.
    Task<IReadOnlyList<(string Tenant, int Count)>> CountAsync(string kind, CancellationToken ct);
}

/// Rows of one kind: keys, versions and the bodies in one buffer.
public sealed class ViewBatch(string kind, int capacity = 1024)
{
    private readonly string[] _tenants = new string[capacity];
    private readonly string[] _keys = new string[capacity];
    private readonly long[] _versions = new long[capacity];
    private readonly int[] _ends = new int[capacity];
    private byte[] _bodies = new byte[capacity * 512];

    public string Kind => kind;
    public int Count { get; private set; }
    public bool Full => Count == capacity;

    public string Tenant(int i) => _tenants[i];
    public string Key(int i) => _keys[i];
    public long Version(int i) => _versions[i];
    public ReadOnlySpan<byte> Body(int i) => _bodies.AsSpan(i == 0 ? 0 : _ends[i - 1], _ends[i] - (i == 0 ? 0 : _ends[i - 1]));

    /// Adds a row whose body of `length` bytes the caller then writes at the place answered.
    public (byte[] Buffer, int Offset) Add(string tenant, string key, long version, int length)
    {
        var start = Count == 0 ? 0 : _ends[Count - 1];
        if (start + length > _bodies.Length) Array.Resize(ref _bodies, Math.Max(_bodies.Length * 2, start + length));
        // One string per tenant in a batch: rows come grouped by tenant.
        _tenants[Count] = Count > 0 && _tenants[Count - 1] == tenant ? _tenants[Count - 1] : tenant;
        (_keys[Count], _versions[Count], _ends[Count]) = (key, version, start + length);
        Count++;
        return (_bodies, start);
    }

    public void Clear()
    {
        Array.Clear(_keys, 0, Count);
        Array.Clear(_tenants, 0, Count);
        Count = 0;
    }
}
