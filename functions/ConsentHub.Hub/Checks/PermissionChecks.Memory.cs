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

    private Later? Decide(string tenant, PermissionQuestion question, IReadOnlyList<string?> raw, Permission[] answers)
    {
        var count = raw.Count;
        var seen = count > 1 ? new Dictionary<ContactKey, int>(count) : null;
        Dictionary<string, int>? seenSubjects = null;
        var spoken = new List<SpokenView>(4);
        List<ContactKey>? keys = null;
        Later? later = null;
        using var hmac = hasher.For(tenant);
        Span<char> value = stackalloc char[ContactText.MaxLength];
        Span<byte> mac = stackalloc byte[ContactHasher.MacLength];
        for (var i = 0; i < count; i++)
        {
            var text = raw[i];
            RecipientKind kind;
            if (text is not null && ContactText.TryNormalize(text, value, out var contactKind, out var length))
            {
                kind = contactKind == ContactKind.Email ? RecipientKind.Email : RecipientKind.Phone;
                if (question.Settled(kind) is { } settled)
                {
                    answers[i] = settled;
                    continue;
                }
                hmac.Hash(contactKind, value[..length], mac);
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
                    seenSubjects ??= new(StringComparer.Ordinal);
                    if (seenSubjects.TryAdd(s.SubjectId, i))
                    {
                        spoken.Clear();
                        if (index.TrySubjectViews(tenant, s.SubjectId, spoken, keys ??= [])) answers[i] = Decide(question, spoken);
                        else (later ??= new()).Walks.Add((i, kind, StreamId.Subject(tenant, s.SubjectId)));
                    }
                    else (later ??= new()).Copies.Add((i, seenSubjects[s.SubjectId]));
                    continue;
                }
                if (recipient is not Recipient.Contact c)
                {
                    answers[i] = question.Decide(kind, []);
                    continue;
                }
                hmac.Hash(c.Point.Kind, c.Point.Value, mac);
            }
            var key = ContactKey.Of(mac);
            if (seen is not null && !seen.TryAdd(key, i))
            {
                (later ??= new()).Copies.Add((i, seen[key]));
                continue;
            }
            spoken.Clear();
            if (index.TryContactViews(tenant, key, spoken)) answers[i] = Decide(question, spoken);
            else (later ??= new()).Walks.Add((i, kind, StreamId.Contact(tenant, key.ToString())));
        }
        return later;
    }

    private static Permission Decide(PermissionQuestion question, List<SpokenView> spoken)
    {
        var tally = question.Tally();
        foreach (var (bytes, held) in spoken)
            if (held) ViewFacts.TallyHeld(bytes, question, ref tally);
            else ViewFacts.Tally(bytes, question, ref tally);
        return question.Answer(tally);
    }
}
