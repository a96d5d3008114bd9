using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Catalog;
using ConsentHub.Domain.Checks;
using ConsentHub.Domain.Ledger;
using static ConsentHub.Domain.Tests.TestKit.Sample;

namespace ConsentHub.Domain.Tests.Checks;

/// The bans a notice names ("suoramarkkinointi, etämyynti, markkina- ja mielipidetutkimus, henkilömatrikkelit"): what each
/// covers in a check (ObjectionCoverage, README "Bans"). A ban covers a purpose named after it and the purposes whose
/// `bans` declare it; direct marketing also covers every marketing purpose, newsletters and distance selling.
public sealed class BanScopeChecks
{
    private const string Subject = "subject:crm-123";

    private static readonly TenantCatalog Catalog = new(new TenantDefinition
    {
        Id = "mediatalo",
        Name = "Mediatalo Oy",
        Languages = new[] { "fi" },
        Purposes = new[]
        {
            Purpose("direct-marketing", LegalBases.LegitimateInterest) with { Marketing = true },
            Purpose("telesales", LegalBases.LegitimateInterest, "distance-selling"),
            Purpose("members-directory", LegalBases.LegitimateInterest, "directory-publishing"),
            Purpose("partner-sharing", LegalBases.LegitimateInterest, "disclosure"),
            Purpose("reader-survey", LegalBases.LegitimateInterest, "opinion-research", "market-research"),
            Purpose("opinion-research", LegalBases.LegitimateInterest),
            Purpose("profiling", LegalBases.LegitimateInterest),
            Purpose("tax-reporting", LegalBases.LegalObligation, "disclosure"),
        },
        Newsletters = new[] { new NewsletterDefinition { Id = "weekly" } },
    });

    private static PurposeDefinition Purpose(string id, string basis, params string[] bans) =>
        new() { Id = id, LegalBasis = basis, Channels = new[] { "email", "sms", "phone", "post", "push" }, Bans = bans.Length > 0 ? new(bans) : null };

    private static Permission Check(string purpose, string channel, params LedgerEvent[] stream) =>
        PermissionPolicy.Decide(Catalog, purpose, channel, Recipient.Parse(Subject), [LedgerDecider.Fold(stream)]);

    /// ban recorded (all channels) → purpose checked → answer. `null` scope: the answer names no ban.
    public static TheoryData<string, string, bool, string, string?> Table() => new()
    {
        { "distance-selling", "telesales", false, "objected", "distance-selling" },
        { "distance-selling", "direct-marketing", true, "no-objection", null },          // a narrower ban than direct marketing
        { "direct-marketing", "telesales", false, "direct-marketing-prohibited", null }, // distance selling is direct marketing
        { "direct-marketing", "members-directory", true, "no-objection", null },
        { "direct-marketing", "reader-survey", true, "no-objection", null },
        { "direct-marketing", "newsletter:weekly", false, "direct-marketing-prohibited", null },
        { "directory-publishing", "members-directory", false, "objected", "directory-publishing" },
        { "directory-publishing", "direct-marketing", true, "no-objection", null },
        { "disclosure", "partner-sharing", false, "objected", "disclosure" },
        { "disclosure", "members-directory", true, "no-objection", null },
        { "disclosure", "tax-reporting", true, "service-notice", null },                  // the law's duty outranks an objection
        { "opinion-research", "reader-survey", false, "objected", "opinion-research" },
        { "opinion-research", "opinion-research", false, "objected", "opinion-research" },
        { "opinion-research", "telesales", true, "no-objection", null },
        { "market-research", "reader-survey", false, "objected", "market-research" },
        { "market-research", "opinion-research", true, "no-objection", null },
        { "profiling", "profiling", false, "objected", "profiling" },
        { "profiling", "partner-sharing", true, "no-objection", null },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Each_ban_covers_the_purposes_the_table_names(string ban, string purpose, bool allowed, string reason, string? scope) =>
        Assert.Equal(new Permission(allowed, reason, scope), Check(purpose, "email", Objection(ban, "all", 1)));

    [Fact]
    public void A_ban_on_one_channel_leaves_the_purpose_on_the_others()
    {
        var stream = new LedgerEvent[] { Objection("distance-selling", "phone", 1) };
        Assert.Equal(new Permission(false, "objected", "distance-selling"), Check("telesales", "phone", stream));
        Assert.Equal(new Permission(true, "no-objection"), Check("telesales", "post", stream));
    }

    [Fact]
    public void A_lifted_ban_no_longer_covers_the_purpose() =>
        Assert.Equal(new Permission(true, "no-objection"), Check("members-directory", "post",
            Objection("directory-publishing", "all", 1), Lifted("directory-publishing", "all", 2)));

    [Fact]
    public void The_purpose_own_id_is_named_before_its_declared_bans()
    {
        var both = Check("reader-survey", "email", Objection("market-research", "all", 1), Objection("opinion-research", "all", 2), Objection("reader-survey", "all", 3));
        Assert.Equal(new Permission(false, "objected", "reader-survey"), both);
    }

    [Fact]
    public void Every_ban_a_notice_names_is_a_known_scope() =>
        Assert.Equal(["direct-marketing", "directory-publishing", "disclosure", "distance-selling", "market-research", "opinion-research", "profiling"],
            ObjectionScopes.Known.Order(StringComparer.Ordinal));

    [Fact]
    public void A_tenant_definition_may_only_declare_known_bans()
    {
        var definition = Catalog.Definition with
        {
            Purposes = new[] { Purpose("genealogy", LegalBases.LegitimateInterest, "sukututkimus") },
        };
        var errors = TenantValidation.Validate(definition);
        Assert.Contains("purposes[0].bans", errors.Keys);
        Assert.Empty(TenantValidation.Validate(Catalog.Definition));
    }
}
