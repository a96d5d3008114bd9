namespace ConsentHub.Api.Tests.Kit;

public static class Catalogs
{
    public static object Tenant(string id, string policyVersion = "2026-01-01", object? sendgrid = null, object? twilio = null, long? weeklyGroup = null) => new
    {
        id,
        name = $"Testi {id} Oy",
        businessId = "2715049-8",
        languages = new[] { "fi", "sv", "en" },
        defaultLanguage = "fi",
        policyVersion,
        purposes = new object[]
        {
            new { id = "direct-marketing", legalBasis = "legitimate-interest", channels = new[] { "email", "sms", "phone", "post" } },
            new { id = "market-research", legalBasis = "consent", channels = new[] { "email", "phone" }, marketing = true },
            new { id = "service-notices", legalBasis = "contract", channels = new[] { "email", "sms" } },
        },
        newsletters = new[] { new { id = "weekly", doubleOptIn = true, sendgridGroupId = weeklyGroup } },
        cookieCategories = new object[] { new { id = "necessary", required = true }, new { id = "analytics" }, new { id = "marketing" } },
        allowedOrigins = new[] { "https://www.example.fi" },
        sendgrid,
        twilio,
    };

    /// The unsubscribe groups of the test tenants' marketing e-mail (`sendgrid.marketingGroupIds`).
    public static readonly long[] MarketingGroups = [4401, 4402];

    public static object SendGrid => new { apiKey = "SG.test-key", fromEmail = "uutiset@example.fi", marketingGroupIds = MarketingGroups };

    public static object Twilio => new { accountSid = "ACtest", authToken = "twilio-token", from = "+358401112222" };
}
