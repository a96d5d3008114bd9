using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace ConsentHub.Hub.Imports;

/// Splits a streamed body into lines as it arrives, holding at most one line (up to the limit) in memory. Answers
/// each non-blank line with its 1-based number; a line over the limit is answered as null and skipped to its end.
public sealed class LineReader(int maxLineBytes)
{
    public async IAsyncEnumerable<(long Number, byte[]? Line)> ReadAsync(PipeReader body, [EnumeratorCancellation] CancellationToken ct)
    {
        long number = 0;
        var skipping = false;
        var lines = new List<(long, byte[]?)>();   // one read's lines, handed out after the read is released
        while (true)
        {
            var result = await body.ReadAsync(ct);
            var buffer = result.Buffer;
            lines.Clear();
            while (buffer.PositionOf((byte)'\n') is { } newline)
            {
                number++;
                var line = buffer.Slice(0, newline);
                if (skipping || line.Length > maxLineBytes) lines.Add((number, null));
                else if (Content(line) is { } content) lines.Add((number, content));
                skipping = false;
                buffer = buffer.Slice(buffer.GetPosition(1, newline));
            }
            if (buffer.Length > maxLineBytes)
            {
                skipping = true;
                buffer = buffer.Slice(buffer.End);
            }
            if (result.IsCompleted && (skipping || buffer.Length > 0))
            {
                number++;
                if (skipping) lines.Add((number, null));
                else if (Content(buffer) is { } content) lines.Add((number, content));
                buffer = buffer.Slice(buffer.End);
            }
            body.AdvanceTo(buffer.Start, buffer.End);
            foreach (var line in lines) yield return line;
            if (result.IsCompleted) yield break;
        }
    }

    /// The line without surrounding white space (a CRLF's CR too); null when blank.
    private static byte[]? Content(ReadOnlySequence<byte> line)
    {
        // A line within one segment (nearly all) is copied once, trimmed; one across segments is joined first.
        var bytes = (line.IsSingleSegment ? line.FirstSpan : line.ToArray()).Trim(" \t\r"u8);
        return bytes.IsEmpty ? null : bytes.ToArray();
    }
}
