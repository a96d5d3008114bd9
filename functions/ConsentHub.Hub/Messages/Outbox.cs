using System.Text.Json;
using System.Text.RegularExpressions;
using ConsentHub.Contracts;
using ConsentHub.Hub.Security;
using ConsentHub.Hub.Storage;

namespace ConsentHub.Hub.Messages;

/// Without provider credentials, what would have been sent is appended as JSON lines under `{DataDir}/outbox/`
/// (email.jsonl, sms.jsonl, sendgrid.jsonl for suppression changes), flushed to disk before it counts as delivered.
/// Appends made at once share their flush: each appender writes its line, then waits for one flush that covers it,
/// so parallel deliveries cost one fsync between them instead of one each, and none returns before its line is on disk.
public sealed class Outbox(HubOptions options) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _flush = new(1, 1);
    private readonly HashSet<string> _unflushed = new(StringComparer.Ordinal);   // under _gate
    private long _written;   // lines written so far, under _gate
    private long _durable;   // lines known to be on disk, under _flush

    public string Folder => Path.Combine(options.DataPath, "outbox");

    public void Dispose()
    {
        _gate.Dispose();
        _flush.Dispose();
    }

    public async Task AppendAsync(string file, object line, CancellationToken ct)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(line, line.GetType(), Json.Options);
        long mine;
        await _gate.WaitAsync(ct);
        try
        {
            PrivateFiles.CreateFolder(Folder);
            var path = Path.Combine(Folder, file);
            await using (var stream = new FileStream(path, PrivateFiles.Options(FileMode.Append, FileAccess.Write)))
            {
                await stream.WriteAsync(bytes, ct);
                stream.WriteByte((byte)'\n');
            }
            _unflushed.Add(path);
            mine = ++_written;
        }
        finally
        {
            _gate.Release();
        }
        await FlushAsync(mine, ct);
    }

    // The first appender to come flushes every file written so far; the ones that wrote meanwhile wait and find their
    // line flushed, or flush what is left in one go. A file replaced meanwhile (RemoveLines*) was flushed whole by the replace.
    private async Task FlushAsync(long line, CancellationToken ct)
    {
        await _flush.WaitAsync(ct);
        try
        {
            if (_durable >= line) return;
            string[] files;
            long upTo;
            await _gate.WaitAsync(ct);
            try
            {
                (files, upTo) = ([.. _unflushed], _written);
                _unflushed.Clear();
            }
            finally
            {
                _gate.Release();
            }
            try
            {
                foreach (var path in files)
                {
                    await using var stream = new FileStream(path, PrivateFiles.Options(FileMode.Append, FileAccess.Write));
                    stream.Flush(flushToDisk: true);
                }
            }
            catch
            {
                // Not on disk: the next appender flushes these files again (and this one's caller retries its delivery).
                await _gate.WaitAsync(CancellationToken.None);
                foreach (var path in files) _unflushed.Add(path);
                _gate.Release();
                throw;
            }
            _durable = upTo;
        }
        finally
        {
            _flush.Release();
        }
    }

    /// Erasure: drops every line that names one of these contact points (as recipient, in a suppression list, in
    /// the text), each file replaced whole by its rewritten copy so a crash leaves the old file or the new one.
    /// Only the erasing tenant's lines go: another controller's messages to the same address are theirs to keep.
    public async Task RemoveLinesOfAsync(string tenant, IReadOnlyCollection<string> contacts, CancellationToken ct)
    {
        if (contacts.Count == 0 || !Directory.Exists(Folder)) return;
        await _gate.WaitAsync(ct);
        try
        {
            foreach (var path in Directory.GetFiles(Folder, "*.jsonl"))
            {
                var lines = await File.ReadAllLinesAsync(path, ct);
                var kept = lines.Where(line => !Names(line, tenant, contacts)).ToList();
                if (kept.Count == lines.Length) continue;
                await ReplaceAsync(path, kept, ct);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// The tenants named by the outbox's lines.
    public async Task<IReadOnlyCollection<string>> TenantsAsync(CancellationToken ct)
    {
        var tenants = new HashSet<string>(StringComparer.Ordinal);
        await _gate.WaitAsync(ct);
        try
        {
            foreach (var path in Files())
                foreach (var line in await File.ReadAllLinesAsync(path, ct))
                    if (Stamp(line) is { Tenant: { } tenant }) tenants.Add(tenant);
        }
        finally
        {
            _gate.Release();
        }
        return tenants;
    }

    /// Retention: drops the lines written before their tenant's cutoff (`cutoffOf(tenant)`); answers how many went.
    /// Under the same gate as appends, each file replaced whole by its rewritten copy (a crash leaves the old file or the
    /// new one). A line without a readable time is kept: it cannot be known to be old.
    public async Task<int> RemoveLinesBeforeAsync(Func<string?, DateTimeOffset> cutoffOf, CancellationToken ct)
    {
        var removed = 0;
        await _gate.WaitAsync(ct);
        try
        {
            foreach (var path in Files())
            {
                var lines = await File.ReadAllLinesAsync(path, ct);
                var kept = lines.Where(line => Stamp(line) is not { At: { } at } stamp || at >= cutoffOf(stamp.Tenant)).ToList();
                if (kept.Count == lines.Length) continue;
                removed += lines.Length - kept.Count;
                await ReplaceAsync(path, kept, ct);
            }
        }
        finally
        {
            _gate.Release();
        }
        return removed;
    }

    private string[] Files() => Directory.Exists(Folder) ? Directory.GetFiles(Folder, "*.jsonl") : [];

    private static async Task ReplaceAsync(string path, List<string> kept, CancellationToken ct)
    {
        var temp = path + ".tmp";
        await using (var stream = new FileStream(temp, PrivateFiles.Options(FileMode.Create, FileAccess.Write, FileShare.None)))
        {
            await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(string.Concat(kept.Select(l => l + "\n"))), ct);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    private static (DateTimeOffset? At, string? Tenant)? Stamp(string line)
    {
        if (string.IsNullOrWhiteSpace(line)) return null;
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            DateTimeOffset? at = root.TryGetProperty("at", out var a) && a.ValueKind == JsonValueKind.String && a.TryGetDateTimeOffset(out var parsed) ? parsed : null;
            var tenant = root.TryGetProperty("tenant", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            return (at, tenant);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Every string in the line is compared as the JSON reader decodes it (the writer escapes '+' of a phone number).
    // A line that cannot be read, or names no tenant, is compared whole: better removed than kept with an address.
    private static bool Names(string line, string tenant, IReadOnlyCollection<string> contacts)
    {
        if (string.IsNullOrWhiteSpace(line)) return false;
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("tenant", out var owner)
                && owner.ValueKind == JsonValueKind.String && owner.GetString() != tenant)
                return false;
            return Strings(root).Any(text => contacts.Any(c => Mentions(text, c)));
        }
        catch (JsonException)
        {
            return contacts.Any(c => Mentions(line, c));
        }
    }

    // The whole address or number, not a part of a longer one: erasing a@b.fi keeps the lines of maija@b.fi and a@b.fin.
    private static bool Mentions(string text, string contact) =>
        Regex.IsMatch(text, $@"(?<![\w.%+@-]){Regex.Escape(contact)}(?![\w%+@-]|\.\w)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };
}

public sealed record OutboxEmail(DateTimeOffset At, string Tenant, string To, string? Subject, string Text, string? Html,
    IReadOnlyDictionary<string, string> Headers, string Kind, string DeliveryId);

public sealed record OutboxSms(DateTimeOffset At, string Tenant, string To, string Body, string Kind, string DeliveryId);

public sealed record OutboxSuppression(DateTimeOffset At, string Tenant, string Action, long? GroupId, IReadOnlyList<string> Emails, string DeliveryId);
