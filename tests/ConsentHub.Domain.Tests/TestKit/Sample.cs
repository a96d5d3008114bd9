using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;

namespace ConsentHub.Domain.Tests.TestKit;

/// Events and commands of one person's stream, timed in minutes after T0.
public static class Sample
{
    public static readonly DateTimeOffset T0 = new(2024, 3, 1, 9, 0, 0, TimeSpan.Zero);
    public const string PolicyVersion = "2024-01-03";

    public static readonly Evidence Shown = new(
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", new Sealed("c2VhbGVkLWlw"), new Sealed("c2VhbGVkLXVh"), new Sealed("c2VhbGVkLWFnZW50"));

    public static readonly ContactRef MattiEmail = new("hmac-matti-email", new Sealed("c2VhbGVkLW1hdHRp"));
    public static readonly ContactRef MattiPhone = new("hmac-matti-phone", new Sealed("c2VhbGVkLXBob25l"));

    /// The request hash follows the request id: the same id stands for the same request body.
    public static EventMeta Meta(string requestId, int minute, string source = "preference-center") =>
        new(requestId, "sha256-" + requestId, T0.AddMinutes(minute), source);

    public static LedgerEvent.ConsentGranted Granted(string purpose, string? channel, int minute) =>
        new(purpose, channel, PolicyVersion, Shown, Meta($"grant-{purpose}-{channel}-{minute}", minute));

    public static LedgerEvent.ConsentWithdrawn Withdrawn(string purpose, string? channel, int minute) =>
        new(purpose, channel, PolicyVersion, Shown, Meta($"withdraw-{purpose}-{channel}-{minute}", minute));

    public static LedgerEvent.ObjectionRecorded Objection(string scope, string channel, int minute) =>
        new(scope, channel, Shown, Meta($"object-{scope}-{channel}-{minute}", minute, "customer-service"));

    public static LedgerEvent.ObjectionLifted Lifted(string scope, string channel, int minute) =>
        new(scope, channel, Shown, Meta($"lift-{scope}-{channel}-{minute}", minute, "customer-service"));

    public static LedgerEvent.RestrictionChanged Restriction(bool restricted, int minute) =>
        new(restricted, new Sealed("c2VhbGVkLXJlYXNvbg"), Meta($"restrict-{restricted}-{minute}", minute, "dsr"));

    public static LedgerEvent.NewsletterSubscribed Subscribed(string list, bool confirmed, int minute) =>
        new(list, "fi", confirmed, Shown, Meta($"subscribe-{list}-{minute}", minute, "website"));

    public static LedgerEvent.NewsletterConfirmed Confirmed(string list, int minute) =>
        new(list, Shown, Meta($"confirm-{list}-{minute}", minute, "confirmation-link"));

    public static LedgerEvent.NewsletterUnsubscribed Unsubscribed(string list, int minute) =>
        new(list, Shown, Meta($"unsubscribe-{list}-{minute}", minute, "unsubscribe-link"));

    public static LedgerEvent.ContactPointsChanged ContactPoints(int minute) =>
        new(new[] { MattiEmail }, new[] { MattiPhone }, Meta($"contacts-{minute}", minute, "crm"));

    public static LedgerEvent.ContactIdentified Identified(ContactRef contact, int minute) =>
        new(contact == MattiPhone ? "phone" : "email", contact, Meta($"identify-{contact.Hash}-{minute}", minute, "unsubscribe-link"));

    public static LedgerEvent.SubjectErased Erased(int minute) => new(Meta($"erase-{minute}", minute, "dsr"));

    public static PartyState Fold(params LedgerEvent[] events) => LedgerDecider.Fold(events);
}
