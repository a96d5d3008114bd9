using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;
using ConsentHub.Hub.Ledger;

namespace ConsentHub.Api.Tests.Stores;

/// A person's state read back from its snapshot is the state folded from the events, member by member: a write that
/// starts from a snapshot decides and answers exactly as one that refolds the stream.
public sealed class PartyStateSnapshotTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 30, 0, 123, TimeSpan.Zero);

    private static EventMeta Meta(string request, int minutes) =>
        new(request, "hash-" + request, T0.AddMinutes(minutes).ToOffset(TimeSpan.FromHours(minutes % 3)), "preference-center");

    private static readonly ContactRef Email = new("aGFzaC1vZi1lbWFpbA", new Sealed("c2VhbGVkLWVtYWls"));
    private static readonly ContactRef Phone = new("aGFzaC1vZi1waG9uZQ", new Sealed("c2VhbGVkLXBob25l"));

    private static IEnumerable<LedgerEvent> History() =>
    [
        new LedgerEvent.ContactIdentified("email", Email, Meta("identify", 0)),
        new LedgerEvent.ContactPointsChanged(new([Email]), new([Phone]), Meta("contacts", 0)),
        new LedgerEvent.ConsentGranted("marketing", null, "v1", Evidence.None, Meta("all-channels", 1)),
        new LedgerEvent.ConsentWithdrawn("marketing", "sms", "v2", Evidence.None, Meta("sms", 2)),
        new LedgerEvent.ObjectionRecorded("direct-marketing", "email", Evidence.None, Meta("object", 3)),
        new LedgerEvent.ObjectionRecorded("profiling", "all", Evidence.None, Meta("object-all", 3)),
        new LedgerEvent.RestrictionChanged(true, new Sealed("c2VhbGVkLXJlYXNvbg"), Meta("restrict", 4)),
        new LedgerEvent.NewsletterSubscribed("weekly", "fi", false, Evidence.None, Meta("subscribe", 5)),
        new LedgerEvent.NewsletterConfirmed("weekly", Evidence.None, Meta("confirm", 6)),
        new LedgerEvent.NewsletterSubscribed("monthly", "sv", true, Evidence.None, Meta("subscribe-2", 7)),
        new LedgerEvent.NewsletterUnsubscribed("monthly", Evidence.None, Meta("unsubscribe", 8)),
        new LedgerEvent.VisitorLinked("v-2", Meta("visitor", 9)),
        new LedgerEvent.VisitorLinked("v-1", Meta("visitor", 9)),
    ];

    [Fact]
    public void Every_member_of_a_folded_state_reads_back_from_its_snapshot()
    {
        var folded = LedgerDecider.Fold(History());
        AssertSame(folded, PartyStateCodec.Instance.Decode(PartyStateCodec.Instance.Encode(folded)));
        Assert.Equal(2, folded.Requests["visitor"].Events);   // a request of two events
    }

    [Fact]
    public void An_erased_state_reads_back_erased()
    {
        var erased = LedgerDecider.Fold(History().Append(new LedgerEvent.SubjectErased(Meta("erase", 10))));
        AssertSame(erased, PartyStateCodec.Instance.Decode(PartyStateCodec.Instance.Encode(erased)));
        Assert.True(PartyStateCodec.Instance.Supersedes(LedgerDecider.Fold(History()), erased));
    }

    private static void AssertSame(PartyState expected, PartyState actual)
    {
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.Requests.OrderBy(r => r.Key, StringComparer.Ordinal), actual.Requests.OrderBy(r => r.Key, StringComparer.Ordinal));
        Assert.All(expected.Requests, r => Assert.Equal(r.Value.At.Offset, actual.Requests[r.Key].At.Offset));
        Assert.Equal(expected.Objections.OrderBy(o => o.Key.ToString()), actual.Objections.OrderBy(o => o.Key.ToString()));
        Assert.Equal(expected.Consents.OrderBy(c => c.Key.ToString()), actual.Consents.OrderBy(c => c.Key.ToString()));
        Assert.Equal(expected.Newsletters.OrderBy(n => n.Key, StringComparer.Ordinal), actual.Newsletters.OrderBy(n => n.Key, StringComparer.Ordinal));
        Assert.Equal((expected.Restricted, expected.RestrictedSince, expected.Erased, expected.LastChangedAt), (actual.Restricted, actual.RestrictedSince, actual.Erased, actual.LastChangedAt));
        Assert.Equal(expected.Emails, actual.Emails);
        Assert.Equal(expected.Phones, actual.Phones);
        Assert.Equal(expected.Identity, actual.Identity);
        Assert.Equal(expected.Visitors, actual.Visitors);
    }
}
