using ConsentHub.Domain.Checks;
using ConsentHub.Domain.Storage;
using ConsentHub.Domain.Validation;
using ConsentHub.Hub.Projections;
using ConsentHub.Hub.Projections.Compact;
using ConsentHub.Hub.Security;

namespace ConsentHub.Hub.Checks;

/// A batch of checks answered from the party index in memory (complete: every view reaches this process, SQLite)
/// outside a sharing group: per recipient its keyed hash into a stack buffer, the lookup by the hash's bytes into a
/// reused buffer of compact views (PartyIndex.TryContactViews), and the decision read from those bytes (ViewFacts):
/// no string, stream name, list or state per recipient. A recipient the table answers without states (one that does
/// not fit the channel, an unknown purpose, a service notice) is not even hashed. Where memory does not answer alone,
/// the walk of PartyViews does, after the batch. Same answers, in the same order, as CheckManyAsync's general path.
public sealed partial class PermissionChecks
{
    private async Task<Permission[]> FromMemoryAsync(string tenant, PermissionQuestion question, IReadOnlyList<string?> raw,
        CancellationToken ct)
    {
        var answers = new Permission[raw.Count];
        if (Decide(tenant, question, raw, answers) is not { } later) return answers;
        foreach (var (at, kind, stream) in later.Walks)
            answers[at] = question.Decide(kind, stream.IsSubject
                ? await parties.ForSubjectAsync(tenant, stream.Key, ct)
                : await parties.ForContactAsync(tenant, stream.Key, ct));
        foreach (var (at, first) in later.Copies) answers[at] = answers[first];
        return answers;
    }

    /// What the batch leaves for the walk: recipients memory did not answer, and the repeats of any recipient (answered
    /// by its first occurrence once that is).
    private sealed class Later
    {
        public readonly List<(int At, RecipientKind Kind, StreamId Stream)> Walks = [];
        public readonly List<(int At, int First)> Copies = [];
    }

    /// Contact points are hashed eight at a time where they can be (ContactHasher.Lease.HashLanes), a common form
    /// normalised straight into its lane's bytes (TryLaneText), and a lane's lookups read ahead together (Batch.Touch):
    /// a recipient that needs its hash waits in `pending` until eight do, or another recipient must be hashed alone, or
    /// the batch ends; they are then looked up in the order they came, so the first of any repeated recipient is still the one looked up.
    private Later? Decide(string tenant, PermissionQuestion question, IReadOnlyList<string?> raw, Permission[] answers)
    {
        var count = raw.Count;
        var batch = new Batch(index, tenant, question, answers, count > 1 ? new Dictionary<ContactKey, int>(count) : null);
        using var hmac = hasher.For(tenant);
        var lanes = count > 1 && ContactHasher.Lease.HashesLanes;
        Span<char> value = stackalloc char[ContactText.MaxLength];
        Span<byte> mac = stackalloc byte[ContactHasher.MacLength];
        Span<byte> texts = stackalloc byte[ContactHasher.Lease.Lanes * ContactHasher.Lease.LaneLength];
        Span<int> lengths = stackalloc int[ContactHasher.Lease.Lanes];
        Span<int> waiting = stackalloc int[ContactHasher.Lease.Lanes];
        Span<RecipientKind> waitingKinds = stackalloc RecipientKind[ContactHasher.Lease.Lanes];
        Span<byte> macs = stackalloc byte[ContactHasher.Lease.Lanes * ContactHasher.MacLength];
        var pending = 0;
        for (var i = 0; i < count; i++)
        {
            var text = raw[i];
            RecipientKind kind;
            ContactKind contactKind;
            scoped ReadOnlySpan<char> normal = default;
            var laneLength = -1;   // the bytes of its lane's text once written there
            if (lanes && text is not null
                && ContactHasher.Lease.TryLaneText(text, texts.Slice(pending * ContactHasher.Lease.LaneLength, ContactHasher.Lease.LaneLength), out contactKind, out var fast))
            {
                laneLength = fast;
                kind = contactKind == ContactKind.Email ? RecipientKind.Email : RecipientKind.Phone;
                if (question.Settled(kind) is { } settled)
                {
                    answers[i] = settled;
                    continue;
                }
            }
            else if (text is not null && ContactText.TryNormalize(text, value, out contactKind, out var length))
            {
                kind = contactKind == ContactKind.Email ? RecipientKind.Email : RecipientKind.Phone;
                if (question.Settled(kind) is { } settled)
                {
                    answers[i] = settled;
                    continue;
                }
                normal = value[..length];
            }
            else
            {
                var recipient = Recipient.Parse(text);
                kind = PermissionQuestion.KindOf(recipient);
                if (question.Settled(kind) is { } settled)
                {
                    answers[i] = settled;
                    continue;
                }
                if (recipient is Recipient.Subject s)
                {
                    batch.Subject(i, kind, s.SubjectId);
                    continue;
                }
                if (recipient is not Recipient.Contact c)
                {
                    answers[i] = question.Decide(kind, []);
                    continue;
                }
                contactKind = c.Point.Kind;
                normal = c.Point.Value;
            }
            if (lanes && laneLength < 0) laneLength = ContactHasher.Lease.LaneText(contactKind, normal, texts[(pending * ContactHasher.Lease.LaneLength)..]);
            if (laneLength >= 0)
            {
                (lengths[pending], waiting[pending], waitingKinds[pending]) = (laneLength, i, kind);
                if (++pending < ContactHasher.Lease.Lanes) continue;
                Flush(hmac, batch, texts, lengths, waiting, waitingKinds, macs, pending);
                pending = 0;
                continue;
            }
            if (pending > 0) Flush(hmac, batch, texts, lengths, waiting, waitingKinds, macs, pending);
            pending = 0;
            hmac.Hash(contactKind, normal, mac);
            batch.Contact(i, kind, mac);
        }
        if (pending > 0) Flush(hmac, batch, texts, lengths, waiting, waitingKinds, macs, pending);
        return batch.Later;
    }

    private static void Flush(ContactHasher.Lease hmac, Batch batch, ReadOnlySpan<byte> texts, ReadOnlySpan<int> lengths, ReadOnlySpan<int> waiting,
        ReadOnlySpan<RecipientKind> kinds, Span<byte> macs, int pending)
    {
        hmac.HashLanes(texts, lengths, pending, macs);
        batch.Touch(macs, pending);
        for (var j = 0; j < pending; j++) batch.Contact(waiting[j], kinds[j], macs.Slice(j * ContactHasher.MacLength, ContactHasher.MacLength));
    }

    /// A batch's lookups in memory, recipient by recipient, and what it leaves for the walk.
    private sealed class Batch(PartyIndex index, string tenant, PermissionQuestion question, Permission[] answers, Dictionary<ContactKey, int>? seen)
    {
        private readonly List<SpokenView> _spoken = new(4);
        private readonly ViewCopies _copies = new();
        private Dictionary<string, int>? _seenSubjects;
        private List<ContactKey>? _keys;
        private readonly ContactKey[] _touching = new ContactKey[ContactHasher.Lease.Lanes];
        public Later? Later;

        /// What PartyIndex.Touch read, kept only so that the reads are not left out.
        public int Touched { get; private set; }

        /// The memory the lookups of a lane's recipients will read, read ahead for all of them at once.
        public void Touch(ReadOnlySpan<byte> macs, int count)
        {
            for (var j = 0; j < count; j++) _touching[j] = ContactKey.Of(macs.Slice(j * ContactHasher.MacLength, ContactHasher.MacLength));
            Touched += index.Touch(tenant, _touching.AsSpan(0, count));
        }

        public void Contact(int i, RecipientKind kind, ReadOnlySpan<byte> mac)
        {
            var key = ContactKey.Of(mac);
            if (seen is not null && !seen.TryAdd(key, i))
            {
                (Later ??= new()).Copies.Add((i, seen[key]));
                return;
            }
            _spoken.Clear();
            _copies.Clear();
            if (index.TryContactViews(tenant, key, _spoken, _copies)) answers[i] = PermissionChecks.Decide(question, _spoken);
            else (Later ??= new()).Walks.Add((i, kind, StreamId.Contact(tenant, key.ToString())));
        }

        public void Subject(int i, RecipientKind kind, string subjectId)
        {
            _seenSubjects ??= new(StringComparer.Ordinal);
            if (_seenSubjects.TryAdd(subjectId, i))
            {
                _spoken.Clear();
                _copies.Clear();
                if (index.TrySubjectViews(tenant, subjectId, _spoken, _keys ??= [], _copies)) answers[i] = PermissionChecks.Decide(question, _spoken);
                else (Later ??= new()).Walks.Add((i, kind, StreamId.Subject(tenant, subjectId)));
            }
            else (Later ??= new()).Copies.Add((i, _seenSubjects[subjectId]));
        }
    }

    private static Permission Decide(PermissionQuestion question, List<SpokenView> spoken)
    {
        var tally = question.Tally();
        foreach (var view in spoken)
            if (view.Held) ViewFacts.TallyHeld(view.View, question, ref tally);
            else ViewFacts.Tally(view.View, question, ref tally);
        return question.Answer(tally);
    }
}
