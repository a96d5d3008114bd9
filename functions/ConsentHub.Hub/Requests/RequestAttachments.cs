using System.Security.Cryptography;
using System.Text;
using ConsentHub.Contracts.Api;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Requests;
using ConsentHub.Domain.Storage;
using ConsentHub.Hub.Security;

namespace ConsentHub.Hub.Requests;

/// Evidence attached to a request (a scanned signed letter), sealed with the request stream's own key. That key is
/// the one the subject's erasure destroys (RequestErasure), so erasure leaves the bytes unreadable even where a copy
/// outlives their deletion (a backup).
public sealed class RequestAttachments(IAttachmentStore attachments, StreamKeys keys, RequestCases cases, TimeProvider clock)
{
    public const long MaxBytes = 5 * 1024 * 1024;
    public static readonly IReadOnlySet<string> ContentTypes = new HashSet<string> { "application/pdf", "image/png", "image/jpeg" };

    public abstract record Added
    {
        private Added() { }
        public sealed record Done(AttachmentCreatedResponse Attachment) : Added;
        public sealed record Erased : Added;
        public sealed record Refused(RequestOutcome Outcome) : Added;
    }

    /// Stores the bytes first and records them after: an attachment the request names always has its bytes (a crash
    /// between leaves bytes no event names, sealed, and deleted with the rest at erasure).
    public async Task<Added> AddAsync(string tenant, string requestId, string contentType, byte[] bytes, string idempotencyId, string requestHash, CancellationToken ct)
    {
        var stream = RequestCases.StreamOf(tenant, requestId);
        if (await keys.GetOrCreateAsync(stream, ct) is not { } key) return new Added.Erased();
        var id = RequestCases.IdFor(tenant + "/" + requestId, idempotencyId);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        await attachments.PutAsync(stream, id, StreamKeys.Seal(key, bytes, Bind(stream, id)), ct);
        var (outcome, _) = await cases.TransactAsync(stream, new RequestCommand.Attach(id, contentType, bytes.Length, sha256,
            new EventMeta(idempotencyId, requestHash, clock.GetUtcNow())), ct);
        return outcome is RequestOutcome.Done or RequestOutcome.Replayed
            ? new Added.Done(new AttachmentCreatedResponse(id, contentType, bytes.Length, sha256))
            : new Added.Refused(outcome);
    }

    /// The bytes in clear, or null when the request has no such attachment or its subject was erased.
    public async Task<byte[]?> OpenAsync(string tenant, string requestId, string attachmentId, CancellationToken ct)
    {
        var stream = RequestCases.StreamOf(tenant, requestId);
        if (await keys.FindAsync(stream, ct) is not { } key || await attachments.GetAsync(stream, attachmentId, ct) is not { } sealedBytes) return null;
        try
        {
            return StreamKeys.Open(key, sealedBytes, Bind(stream, attachmentId));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static byte[] Bind(StreamId stream, string attachmentId) => Encoding.UTF8.GetBytes($"attachment:{stream}/{attachmentId}");
}
