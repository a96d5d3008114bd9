using ConsentHub.Domain.Storage;

namespace ConsentHub.Hub.Requests;

/// Where the sealed bytes of a request's attachments live, apart from its events (which hold only their size and
/// hash): one blob per attachment, addressed by the request's stream. Erasure deletes them all.
public interface IAttachmentStore
{
    /// Stores the sealed bytes; writing the same attachment again replaces them (a retried upload).
    Task PutAsync(StreamId stream, string attachmentId, byte[] sealedBytes, CancellationToken ct);

    /// The sealed bytes, or null when there are none (never stored, or deleted by erasure).
    Task<byte[]?> GetAsync(StreamId stream, string attachmentId, CancellationToken ct);

    /// Deletes every attachment of the stream; answers how many were deleted.
    Task<int> DeleteAllAsync(StreamId stream, CancellationToken ct);
}
