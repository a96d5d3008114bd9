namespace ConsentHub.Contracts.Events;

/// <summary>
/// Personal data sealed with the key of the stream it belongs to (AES-GCM, base64 nonce|ciphertext|tag).
/// Destroying that key (erasure) leaves the value unreadable: crypto-shredding.
/// </summary>
public readonly record struct Sealed(string Value);

/// <summary>Who and what was behind a statement; the wording shown is kept only as its SHA-256.</summary>
/// <param name="TextSha256">Hex SHA-256 of the wording the person was shown.</param>
/// <param name="Ip">The person's IP address, sealed.</param>
/// <param name="UserAgent">The person's user agent, sealed.</param>
/// <param name="RecordedBy">Who recorded it (an agent, a system), sealed.</param>
public sealed record Evidence(string? TextSha256 = null, Sealed? Ip = null, Sealed? UserAgent = null, Sealed? RecordedBy = null)
{
    /// <summary>No evidence given.</summary>
    public static readonly Evidence None = new();
}

/// <summary>A contact point as stored: its keyed hash (the lookup key) and its sealed value.</summary>
/// <param name="Hash">HMAC-SHA256 of the normalised value with the tenant's hash key, base64url.</param>
/// <param name="Value">The normalised value, sealed with the owning stream's key.</param>
public sealed record ContactRef(string Hash, Sealed Value);

/// <summary>Facts common to every event of a stream.</summary>
/// <param name="RequestId">The caller's Idempotency-Key, or a fresh id when none was given.</param>
/// <param name="RequestHash">SHA-256 of the method, route and body of the request that caused the event.</param>
/// <param name="At">When the hub recorded it.</param>
/// <param name="Source">Where the statement came from (e.g. <c>preference-center</c>, <c>customer-service</c>).</param>
/// <param name="Origin">Scheme and host the request came to, the default base of links in messages it causes.</param>
public sealed record EventMeta(string RequestId, string RequestHash, DateTimeOffset At, string? Source = null, string? Origin = null);
