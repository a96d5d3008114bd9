using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using ConsentHub.Domain.Validation;
using ConsentHub.Hub.Security;

namespace ConsentHub.Api.Tests;

/// A contact point's keyed hash is its lookup key in every store and outlives erasure, so the hasher's own HMAC
/// (precomputed key states, managed SHA-256) must give exactly what HMAC-SHA256 gives: for known vectors computed
/// elsewhere (Python's hmac module), and for texts of every length around the SHA-256 block and padding boundaries.
public sealed class ContactHashStabilityTests
{
    private static readonly HubSecrets Secrets = new(new byte[32], [.. Enumerable.Range(0, 32).Select(i => (byte)i)], new byte[32]);

    [Theory]
    [InlineData(ContactKind.Email, "maija@example.fi", "M-7jULvi67ZOjGHtA3tyb2j3U-nUfmpEcw6FFGlvYfU")]
    [InlineData(ContactKind.Phone, "+358401234567", "bRseCza6Zh6xB61WcRdTi8v6TFYkQ7gonl_WozIl__k")]
    public void A_contact_point_hashes_to_the_same_key_as_before(ContactKind kind, string value, string expected) =>
        Assert.Equal(expected, new ContactHasher(Secrets).Hash("avain", new ContactPoint(kind, value)));

    [Fact]
    public void Every_length_of_text_hashes_as_HMAC_SHA256_does()
    {
        var hasher = new ContactHasher(Secrets);
        using var lease = hasher.For("pituus");
        var key = HMACSHA256.HashData(Secrets.HashKey, Encoding.UTF8.GetBytes("tenant:pituus"));
        Span<byte> mac = stackalloc byte[ContactHasher.MacLength];
        for (var length = 0; length <= 300; length++)
            foreach (var filler in new[] { "a", "ä", "€" })
            {
                var value = string.Concat(Enumerable.Repeat(filler, length));
                foreach (var (kind, name) in new[] { (ContactKind.Email, "email"), (ContactKind.Phone, "phone"), (ContactKind.Push, "push") })
                {
                    var reference = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{name}:{value}"));
                    lease.Hash(kind, value, mac);
                    Assert.True(reference.AsSpan().SequenceEqual(mac), $"{name} of {length} × {filler}");
                    Assert.Equal(Base64Url.EncodeToString(reference), hasher.Hash("pituus", new ContactPoint(kind, value)));
                }
            }
    }
}
