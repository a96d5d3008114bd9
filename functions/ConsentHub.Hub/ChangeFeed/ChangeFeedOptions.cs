namespace ConsentHub.Hub.ChangeFeed;

/// `ConsentHub:ChangeFeed:*`: how the self-hosted server on Cosmos DB reads the events container's change feed.
public sealed class ChangeFeedOptions
{
    public const string Section = "ConsentHub:ChangeFeed";

    /// How long to wait after the feed answered "nothing new" (304), and between tries for a lease another instance holds.
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// How long a reader's lease lasts unless renewed (at each page and each poll); after that another instance takes over.
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    public int PageSize { get; set; } = 100;
}

/// What this instance's reader has done, for logs and tests.
public sealed class ChangeFeedStatus
{
    private long _handled;
    private long _poisoned;
    private long _caughtUpTicks;

    public long Handled => Interlocked.Read(ref _handled);

    /// Documents or commits that could not be handled and were passed over.
    public long Poisoned => Interlocked.Read(ref _poisoned);

    /// When the last read that found nothing new was sent: every change acknowledged before then has been handled.
    public DateTimeOffset CaughtUpAt => new(Interlocked.Read(ref _caughtUpTicks), TimeSpan.Zero);

    public void CaughtUp(DateTimeOffset asked) => Interlocked.Exchange(ref _caughtUpTicks, asked.UtcTicks);

    public void Add(long handled, long poisoned)
    {
        Interlocked.Add(ref _handled, handled);
        Interlocked.Add(ref _poisoned, poisoned);
    }
}
