using System.Buffers.Text;
using System.Globalization;
using System.Text;
using ConsentHub.Hub.Projections;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConsentHub.Hub.Http;

/// Opaque feed cursors (base64url of `position.skip`), and the `limit` query parameter.
public static class Cursors
{
    public static string Encode(FeedCursor cursor) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes($"{cursor.Position}.{cursor.Skip}"));

    public static (FeedCursor? Cursor, ProblemHttpResult? Problem) Decode(string? text)
    {
        if (string.IsNullOrEmpty(text)) return (null, null);
        try
        {
            var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text)).Split('.');
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var position)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var skip))
                return (new FeedCursor(position, skip), null);
        }
        catch (FormatException)
        {
            // answered below
        }
        return (null, Problems.Validation("after", "is not a cursor this hub gave out"));
    }

    /// Suppression cursors name a sequence of the tenant's contact change log (`s` and the sequence). A cursor of the
    /// earlier form (`position.skip`, a position in the whole event history) cannot be placed in the log, so it reads
    /// the log from its start: the sender is sent every changed contact point again, and misses none.
    public static string EncodeSequence(long sequence) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"s{sequence}")));

    public static (long Sequence, ProblemHttpResult? Problem) DecodeSequence(string? text)
    {
        if (string.IsNullOrEmpty(text)) return (0, null);
        try
        {
            var plain = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text));
            if (plain.StartsWith('s') && long.TryParse(plain.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
                return (sequence, null);
        }
        catch (FormatException)
        {
            // answered below
        }
        return Decode(text) is ({ }, null) ? (0, null) : (0, Problems.Validation("after", "is not a cursor this hub gave out"));
    }

    public static (int Limit, ProblemHttpResult? Problem) Limit(string? text, int fallback, int max)
    {
        if (string.IsNullOrEmpty(text)) return (fallback, null);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit >= 1 && limit <= max
            ? (limit, null)
            : (0, Problems.Validation("limit", $"must be a whole number from 1 to {max}"));
    }
}
