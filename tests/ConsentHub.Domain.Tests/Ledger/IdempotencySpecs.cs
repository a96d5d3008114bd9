using ConsentHub.Contracts.Events;
using ConsentHub.Domain.Ledger;
using ConsentHub.Domain.Tests.TestKit;
using static ConsentHub.Domain.Tests.TestKit.LedgerSpec;
using static ConsentHub.Domain.Tests.TestKit.Sample;

namespace ConsentHub.Domain.Tests.Ledger;

public sealed class IdempotencySpecs
{
    private static LedgerCommand.RecordConsent Grant(EventMeta meta) =>
        new(Kaleva365.MarketResearch, "email", true, PolicyVersion, Shown, meta);

    private static LedgerEvent.ConsentGranted GrantedBy(EventMeta meta) =>
        new(Kaleva365.MarketResearch, "email", PolicyVersion, Shown, meta);

    [Fact]
    public void Replaying_a_request_with_the_same_key_and_body_decides_nothing_and_answers_as_the_first_time()
    {
        var first = Meta("key-1", 5);
        Given(Objection("direct-marketing", "sms", 1), GrantedBy(first), Objection("profiling", "all", 7))
            .When(Grant(Meta("key-1", 9)) with { ExpectedVersion = 3 })
            .ThenNothing(new LedgerOutcome.Replayed(new RequestRecord(first.RequestHash, 2, first.At)));
    }

    [Fact]
    public void Reusing_a_key_with_another_body_decides_nothing_and_says_so() =>
        Given(GrantedBy(Meta("key-1", 5)))
            .When(Grant(new EventMeta("key-1", "sha256-another-body", T0.AddMinutes(9))))
            .ThenNothing(new LedgerOutcome.KeyReused());

    [Fact]
    public void A_stale_expected_version_decides_nothing_and_names_the_actual_version() =>
        Given(Objection("direct-marketing", "sms", 1), Granted(Kaleva365.Profiling, null, 2))
            .When(Grant(Meta("key-2", 9)) with { ExpectedVersion = 1 })
            .ThenNothing(new LedgerOutcome.VersionMismatch(2));

    [Fact]
    public void The_current_expected_version_is_recorded()
    {
        var r = Meta("key-2", 9);
        Given(Objection("direct-marketing", "sms", 1))
            .When(Grant(r) with { ExpectedVersion = 1 })
            .Then(GrantedBy(r));
    }

    [Fact]
    public void An_erased_subject_records_nothing_more() =>
        Given(Granted(Kaleva365.Profiling, null, 1), Erased(2))
            .When(Grant(Meta("key-3", 9)))
            .ThenNothing(new LedgerOutcome.SubjectErased());

    [Fact]
    public void Repeating_a_statement_with_a_new_request_id_records_it_again_as_a_renewal()
    {
        var renewal = Meta("key-renewal", 60 * 24 * 365);
        Given(GrantedBy(Meta("key-1", 5)))
            .When(Grant(renewal))
            .Then(GrantedBy(renewal));
    }

    [Fact]
    public void The_first_write_to_a_bare_contact_point_stream_says_which_contact_point_it_is()
    {
        var identity = Identified(MattiPhone, 10);
        var stop = Meta("sms-stop-1", 10, "twilio");
        Given()
            .WhenForContact(identity, new LedgerCommand.RecordObjection("direct-marketing", "sms", false, Shown, stop))
            .Then(identity, new LedgerEvent.ObjectionRecorded("direct-marketing", "sms", Shown, stop));
    }

    [Fact]
    public void Later_writes_to_a_contact_point_stream_do_not_identify_it_again()
    {
        var start = Meta("sms-start-1", 20, "twilio");
        Given(Identified(MattiPhone, 10), Objection("direct-marketing", "sms", 10))
            .WhenForContact(Identified(MattiPhone, 20), new LedgerCommand.RecordObjection("direct-marketing", "sms", true, Shown, start))
            .Then(new LedgerEvent.ObjectionLifted("direct-marketing", "sms", Shown, start));
    }

    [Fact]
    public void A_replay_to_a_fresh_contact_point_stream_is_not_identified()
    {
        var stop = Meta("sms-stop-1", 10, "twilio");
        Given(new LedgerEvent.ObjectionRecorded("direct-marketing", "sms", Shown, stop))
            .WhenForContact(Identified(MattiPhone, 11), new LedgerCommand.RecordObjection("direct-marketing", "sms", false, Shown, stop))
            .ThenNothing(new LedgerOutcome.Replayed(new RequestRecord(stop.RequestHash, 1, stop.At)));
    }
}
