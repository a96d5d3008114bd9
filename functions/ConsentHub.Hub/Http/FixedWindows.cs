using System.Collections.Concurrent;
using System.Diagnostics;

namespace ConsentHub.Hub.Http;

/// Fixed-window request counters per partition (an api key, a client IP), taken without a lock: every API request
/// passes here, often many at once on one key, so a window is one 64-bit word (window number, count) updated by
/// compare-and-swap. Windows are aligned to this instance's start; counters idle for a window are swept.
public sealed class FixedWindows(WindowLimit limit)
{
    private readonly long _windowTicks = Math.Max(1, (long)(limit.Window.TotalSeconds * Stopwatch.Frequency));
    private readonly long _origin = Stopwatch.GetTimestamp();
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private long _sweptWindow;

    private sealed class Counter
    {
        public long State;   // window number in the high 32 bits, requests counted in it in the low 32
    }

    /// Takes `permits` (0: only asks whether any is left); false with the time until the window turns when too few are left.
    public bool TryTake(string key, int permits, out TimeSpan retryAfter)
    {
        var elapsed = Stopwatch.GetTimestamp() - _origin;
        var window = (uint)(elapsed / _windowTicks);
        SweepIfTurned(window);
        var counter = _counters.GetOrAdd(key, static _ => new Counter());
        while (true)
        {
            var state = Volatile.Read(ref counter.State);
            var count = (uint)(state >> 32) == window ? (long)(uint)state : 0;
            if (count + Math.Max(permits, 1) > limit.PermitLimit)   // asking with 0: is there one left
            {
                retryAfter = TimeSpan.FromSeconds((double)(_windowTicks - elapsed % _windowTicks) / Stopwatch.Frequency);
                return false;
            }
            retryAfter = TimeSpan.Zero;
            if (permits == 0) return true;
            var next = ((long)window << 32) | (uint)(count + permits);
            if (Interlocked.CompareExchange(ref counter.State, next, state) == state) return true;
        }
    }

    // When a window turns, the counters of earlier windows are dropped (they hold nothing that still counts). A request racing the sweep may count on a dropped
    // counter: at most the requests in flight at that instant go uncounted, in a window that has just begun.
    private void SweepIfTurned(uint window)
    {
        var swept = Volatile.Read(ref _sweptWindow);
        if (window <= swept || Interlocked.CompareExchange(ref _sweptWindow, window, swept) != swept) return;
        foreach (var (key, counter) in _counters)
            if ((uint)(Volatile.Read(ref counter.State) >> 32) < window)
                _counters.TryRemove(new KeyValuePair<string, Counter>(key, counter));
    }
}
