using System.Globalization;
using ConsentHub.Domain.Storage;

namespace ConsentHub.Hub.Security;

/// The keys that seal evidence (IP address, user agent), one per tenant and day, held with the stream keys under the
/// key id `evidence-{yyyy-MM-dd}` of the tenant. The retention run destroys a day's key once the tenant's evidence period
/// has passed, which shreds that day's evidence in every stream at once without touching an event (history is never
/// edited). Evidence is sealed twice, with the day's key inside and the stream's key outside: the subject's erasure
/// shreds it at once too, whichever key goes first.
public sealed class EvidenceKeys(StreamKeys keys)
{
    /// Marks a value sealed this way: `ev:{yyyy-MM-dd}:` and then base64. Older values (base64 only, sealed with the
    /// stream's key alone) carry no prefix and keep opening as before.
    public const string Prefix = "ev:";

    public static StreamId KeyOf(string tenant, DateOnly day) => new(tenant, "evidence-" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    /// The value's day, when it was sealed with a day key.
    public static DateOnly? SealedOn(string value) =>
        value.StartsWith(Prefix, StringComparison.Ordinal) && value.Length > Prefix.Length + 11 && value[Prefix.Length + 10] == ':'
        && DateOnly.TryParseExact(value.AsSpan(Prefix.Length, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day : null;

    /// The day's key for sealing, made on first use; null once the retention run destroyed it.
    public Task<byte[]?> ForSealingAsync(string tenant, DateOnly day, CancellationToken ct) => keys.GetOrCreateAsync(KeyOf(tenant, day), ct);

    /// The day's key for opening, from the key cache while it holds it; null once destroyed.
    public Task<byte[]?> ForOpeningAsync(string tenant, DateOnly day, CancellationToken ct) => keys.FindAsync(KeyOf(tenant, day), ct);

    /// Destroys the day's key (its tombstone stays); answers whether there was a key to destroy.
    public async Task<bool> DestroyAsync(string tenant, DateOnly day, CancellationToken ct)
    {
        var stream = KeyOf(tenant, day);
        if (await keys.ErasedAsync(stream, ct)) return false;
        var existed = await keys.FindAsync(stream, ct) is not null;
        await keys.DestroyAsync(stream, ct);
        return existed;
    }

    /// Whether the day's key was destroyed already.
    public Task<bool> DestroyedAsync(string tenant, DateOnly day, CancellationToken ct) => keys.ErasedAsync(KeyOf(tenant, day), ct);
}
