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
        new LedgerEvent.SubjectErased(M),
        new VisitorEvent.CookiesRecorded(new[] { new CookieChoice("necessary", true), new CookieChoice("analytics", true), new CookieChoice("marketing", false) },
            PolicyVersion, "fi", "save", true, Shown with { RecordedBy = null }, M with { Source = "banner" }),
        new VisitorEvent.Linked("crm-123", M with { Source = "api" }),
        new TenantEvent.Defined(Kaleva365.Definition with
        {
            Sendgrid = new SendGridSettings { ApiKey = "c2VhbGVkLXNn", FromEmail = "uutiset@kaleva365.fi", WebhookPublicKey = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE" },
            Twilio = new TwilioSettings { AccountSid = "AC0123456789abcdef0123456789abcdef", AuthToken = "c2VhbGVkLXR3", From = "+358401234567" },
        }, M),
        new TenantEvent.ApiKeyIssued("key-1", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", new[] { "check", "consent:read" }, M),
        new TenantEvent.SiteKeyIssued("pk_4f2a9c", M),
    ];
}
