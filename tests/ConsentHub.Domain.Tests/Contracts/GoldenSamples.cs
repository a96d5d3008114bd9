using ConsentHub.Contracts;
using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Tests.TestKit;
using static ConsentHub.Domain.Tests.TestKit.Sample;

namespace ConsentHub.Domain.Tests.Contracts;

/// One event of every wire name with every member set, as the golden files hold them.
public static class GoldenSamples
{
    private static readonly EventMeta M = new("7d3c1a52-0b7e-4f5e-9a51-2f0c9d1e6b44", "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9",
        new DateTimeOffset(2024, 3, 1, 9, 30, 15, 123, TimeSpan.Zero), "preference-center");

    public static readonly object[] All =
    [
        new LedgerEvent.ConsentGranted("market-research", "email", PolicyVersion, Shown, M),
        new LedgerEvent.ConsentWithdrawn("market-research", "email", PolicyVersion, Shown, M),
        new LedgerEvent.ObjectionRecorded("direct-marketing", "all", Shown, M),
        new LedgerEvent.ObjectionLifted("direct-marketing", "sms", Shown, M),
        new LedgerEvent.RestrictionChanged(true, new Sealed("c2VhbGVkLXJlYXNvbg"), M),
        new LedgerEvent.ContactPointsChanged(new[] { MattiEmail }, new[] { MattiPhone }, M),
        new LedgerEvent.ContactIdentified("email", MattiEmail, M),
        new LedgerEvent.NewsletterSubscribed("weekly", "fi", false, Shown, M),
        new LedgerEvent.NewsletterConfirmed("weekly", Shown, M),
        new LedgerEvent.NewsletterUnsubscribed("weekly", Shown, M),
        new LedgerEvent.VisitorLinked("v-4f2a9c0d1e", M),
        new LedgerEvent.SubjectErased(M, new EquatableArray<string>(["evidence", "banner-receipts", "restriction-reason"]), new EquatableArray<string>(["contact-points"]),
            new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero)),
        new LedgerEvent.PreferenceLinkRequested("sv", Shown, M),
        new VisitorEvent.CookiesRecorded(new[] { new CookieChoice("necessary", true), new CookieChoice("analytics", true), new CookieChoice("marketing", false) },
            PolicyVersion, "fi", "save", true, Shown with { RecordedBy = null }, M with { Source = "banner" }),
        new VisitorEvent.Linked("crm-123", M with { Source = "api" }),
        new TenantEvent.Defined(Kaleva365.Definition with
        {
            Sendgrid = new SendGridSettings { ApiKey = "c2VhbGVkLXNn", FromEmail = "uutiset@kaleva365.fi", WebhookPublicKey = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE",
                MarketingGroupIds = new EquatableArray<long>([123, 456]) },
            Twilio = new TwilioSettings { AccountSid = "AC0123456789abcdef0123456789abcdef", AuthToken = "c2VhbGVkLXR3", From = "+358401234567" },
        }, M),
        new TenantEvent.ApiKeyIssued("key-1", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", new[] { "check", "consent:read" }, M),
        new TenantEvent.ApiKeyRevoked("key-1", M),
        new TenantEvent.SiteKeyIssued("pk_4f2a9c", M),
        new PropagationEvent.Started("subject-matti", 3, "5f0c2a4e-8d1b-5c3a-9e7f-1a2b3c4d5e6f", "objection.recorded/v1", "matti", new[] { "sendgrid", "sms" }, M),
        new PropagationEvent.AttemptStarted("sendgrid", 1, M),
        new PropagationEvent.AttemptFailed("sendgrid", 1, "mail/send: 503 busy", new DateTimeOffset(2024, 3, 1, 9, 30, 17, 123, TimeSpan.Zero), M),
        new PropagationEvent.TargetSucceeded("sendgrid", 2, "outbox", M),
        new PropagationEvent.DeadLettered("sms", 8, "gave up after 8 attempts: 503", M),
        new PropagationEvent.Completed(M),
        new RequestEvent.Received("matti", "access", M.At, M.At.AddMonths(1), new Sealed("c2VhbGVkLWlkZW50aXR5"), M),
        new RequestEvent.Extended(new Sealed("c2VhbGVkLXJlYXNvbg"), M.At.AddMonths(3), M),
        new RequestEvent.Completed(M),
        new RequestEvent.Rejected(new Sealed("c2VhbGVkLXJlYXNvbg"), M),
        new RequestEvent.AttachmentAdded("4f2a9c0d1e2b3a4c5d6e7f8091a2b3c4", "application/pdf", 183004, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", M),
        new RequestDeadlinesEvent.Ran("schedule", "2024-03-01", 2, 1, 1, 1, 0, M),
        new TenantEvent.SubscriptionCreated("sub-4f2a9c0d1e2b3a4c5d6e", "https://crm.kaleva365.fi/hooks/consent",
            new[] { "consenthub.objection.recorded.v1", "consenthub.objection.lifted.v1" }, new Sealed("c2VhbGVkLXdoc2Vj"), M),
        new TenantEvent.SubscriptionEnded("sub-4f2a9c0d1e2b3a4c5d6e", M),
        new HoldEvent.Placed("matti", new EquatableArray<string>(["contact-points"]), new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero),
            new Sealed("c2VhbGVkLXJlYXNvbg"), new Sealed("c2VhbGVkLWhlbGQ"), M),
        new HoldEvent.Shredded(M),
        new LedgerEvent.AccountClosed(new DateTimeOffset(2024, 2, 29, 16, 0, 0, TimeSpan.Zero), M with { Source = "crm" }),
        new JobEvent.RetentionRan("schedule", new[] { new RetentionStepCount("evidence", 2, EquatableArray<string>.Empty),
            new RetentionStepCount("inactiveContacts", 0, new[] { "kaleva365" }) }, M with { Source = "schedule" }),
    ];
}
