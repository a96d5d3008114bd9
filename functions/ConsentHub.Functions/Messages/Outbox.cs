using System.Text.Json;
using ConsentHub.Contracts;
using ConsentHub.Functions.Storage;

namespace ConsentHub.Functions.Messages;

/// Without provider credentials, what would have been sent is appended as JSON lines under `{DataDir}/outbox/`
/// (email.jsonl, sms.jsonl, sendgrid.jsonl for suppression changes), flushed to disk before it counts as delivered.
public sealed class Outbox(HubOptions options) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string Folder => Path.Combine(options.DataDir, "outbox");

    public void Dispose() => _gate.Dispose();

    public async Task AppendAsync(string file, object line, CancellationToken ct)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(line, line.GetType(), Json.Options);
        await _gate.WaitAsync(ct);
        try
        {
            Directory.CreateDirectory(Folder);
            await using var stream = new FileStream(Path.Combine(Folder, file), FileMode.Append, FileAccess.Write, FileShare.Read);
            await stream.WriteAsync(bytes, ct);
            stream.WriteByte((byte)'\n');
            stream.Flush(flushToDisk: true);
        }
        finally
        {
            _gate.Release();
        }
    }
}

public sealed record OutboxEmail(DateTimeOffset At, string Tenant, string To, string? Subject, string Text, string? Html,
    IReadOnlyDictionary<string, string> Headers, string Kind, string DeliveryId);

public sealed record OutboxSms(DateTimeOffset At, string Tenant, string To, string Body, string Kind, string DeliveryId);

public sealed record OutboxSuppression(DateTimeOffset At, string Tenant, string Action, long? GroupId, IReadOnlyList<string> Emails, string DeliveryId);
