using System.Security.Cryptography;
using System.Text;
using ConsentHub.Domain.Validation;
using ConsentHub.Hub.Security;

namespace ConsentHub.Api.Tests;

/// A batch of checks hashes its short contact points eight at a time (ContactHasher.Lease.HashLanes): every lane must
/// give exactly HMAC-SHA256 of its own text, for any number of lanes in use and every length up to the one block,
/// and a text too long for a lane must be refused so that it is hashed alone.
public sealed class ContactHashLanesTests
{
    private static readonly HubSecrets Secrets = new(new byte[32], [.. Enumerable.Range(0, 32).Select(i => (byte)i)], new byte[32]);

    [Fact]
    public void Every_lane_hashes_its_own_text_as_HMAC_SHA256_does()
    {
        if (!ContactHasher.Lease.HashesLanes) return;   // the batch then hashes one at a time, as before
        using var lease = new ContactHasher(Secrets).For("kaistat");
        var key = HMACSHA256.HashData(Secrets.HashKey, Encoding.UTF8.GetBytes("tenant:kaistat"));
        var texts = new byte[ContactHasher.Lease.Lanes * ContactHasher.Lease.LaneLength];
        var lengths = new int[ContactHasher.Lease.Lanes];
        var values = new string[ContactHasher.Lease.Lanes];
        var macs = new byte[ContactHasher.Lease.Lanes * ContactHasher.MacLength];
        var lanesTried = 0;
        for (var length = 0; length <= 60; length++)
            for (var count = 1; count <= ContactHasher.Lease.Lanes; count++)
            {
                for (var j = 0; j < count; j++)
                {
                    values[j] = string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + (i + j * 7) % 26)));
                    lengths[j] = ContactHasher.Lease.LaneText(ContactKind.Email, values[j], texts.AsSpan(j * ContactHasher.Lease.LaneLength));
                }
                if ("email:".Length + length > 55)
                {
                    Assert.All(lengths.Take(count), written => Assert.Equal(-1, written));
                    continue;
                }
                lease.HashLanes(texts, lengths, count, macs);
                for (var j = 0; j < count; j++)
                {
                    var reference = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"email:{values[j]}"));
                    Assert.True(reference.AsSpan().SequenceEqual(macs.AsSpan(j * ContactHasher.MacLength, ContactHasher.MacLength)), $"lane {j} of {count}, {length} chars");
                    lanesTried++;
                }
            }
        Assert.True(lanesTried > 0);
    }

    [Fact]
    public void A_text_whose_UTF_8_does_not_fit_a_lane_is_refused()
    {
        var into = new byte[ContactHasher.Lease.LaneLength];
        Assert.Equal(-1, ContactHasher.Lease.LaneText(ContactKind.Email, new string('ä', 30), into));   // 30 chars, 60 bytes
        Assert.Equal("phone:+358401234567".Length, ContactHasher.Lease.LaneText(ContactKind.Phone, "+358401234567", into));
        Assert.Equal("phone:+358401234567", Encoding.UTF8.GetString(into, 0, "phone:+358401234567".Length));
    }
}
