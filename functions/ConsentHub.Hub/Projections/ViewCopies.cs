namespace ConsentHub.Hub.Projections;

/// Copies of views taken under their table's lock (SubjectTable.TryCopyView), for a check to decide on outside it,
/// reused recipient after recipient: no array per view read.
internal sealed class ViewCopies
{
    public byte[] Bytes { get; private set; } = new byte[512];

    private int _used;

    public void Clear() => _used = 0;

    /// Where `view` was copied in Bytes. A copy that does not fit moves on to a larger array; the views copied
    /// before stay where they were, in the array they were handed out with.
    public int Add(ReadOnlySpan<byte> view)
    {
        if (_used + view.Length > Bytes.Length)
        {
            Bytes = new byte[Math.Max(Bytes.Length * 2, view.Length)];
            _used = 0;
        }
        var at = _used;
        view.CopyTo(Bytes.AsSpan(at));
        _used += view.Length;
        return at;
    }
}
