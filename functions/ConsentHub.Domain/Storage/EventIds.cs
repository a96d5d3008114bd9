using System.Security.Cryptography;
using System.Text;

namespace ConsentHub.Domain.Storage;

/// Event ids derived from (stream, request, index), so that a retried write of the same request collides in the
/// store (unique event id) even when the crash came between the append and the answer.
public static class EventIds
{
    public static string For(StreamId stream, string requestId, int index)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{stream}\n{requestId}\n{index}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);   // UUID version 5 layout, SHA-256 based
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }
}
