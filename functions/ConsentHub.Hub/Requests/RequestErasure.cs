using ConsentHub.Hub.Security;

namespace ConsentHub.Hub.Requests;

/// A subject's erasure reaches their requests: each request stream's key is destroyed (the verification, the
/// reasons and the attachments were sealed with it) and the attachments' bytes are deleted. The cases themselves
/// stay, with their dates, types and outcome, as the controller's record that it answered (GDPR art. 5(2)).
public sealed class RequestErasure(RequestViews views, StreamKeys keys, IAttachmentStore attachments)
{
    /// Answers how many requests of the subject were shredded.
    public async Task<int> EraseAsync(string tenant, string subjectId, CancellationToken ct)
    {
        var requests = (await views.ListAsync(tenant, ct)).Where(r => r.SubjectId == subjectId).ToList();
        foreach (var request in requests)
        {
            var stream = RequestCases.StreamOf(tenant, request.Id);
            await keys.DestroyAsync(stream, ct);
            await attachments.DeleteAllAsync(stream, ct);
        }
        return requests.Count;
    }
}
