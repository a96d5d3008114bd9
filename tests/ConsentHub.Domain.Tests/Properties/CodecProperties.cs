using ConsentHub.Contracts.Events;
using FsCheck;
using FsCheck.Fluent;

namespace ConsentHub.Domain.Tests.Properties;

public sealed class CodecProperties
{
    [Fact]
    public void Every_ledger_event_survives_the_codec() =>
        Prop.ForAll(Generators.Event.ToArbitrary(), e =>
        {
            var (type, data) = EventCodec.Encode(e);
            Assert.Equal(e, EventCodec.Decode<LedgerEvent>(type, data));
            Assert.Equal(EventCodec.WireName(e), type);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Every_ledger_event_type_is_generated()
    {
        var generated = Generators.Event.Sample(500).Select(e => e.GetType()).ToHashSet();
        var declared = typeof(LedgerEvent).GetNestedTypes().Where(t => t.IsSubclassOf(typeof(LedgerEvent)));

        Assert.All(declared, t => Assert.Contains(t, generated));
    }

    [Fact]
    public void A_ledger_event_stored_under_an_unknown_wire_name_fails_closed() =>
        Assert.Throws<UnknownEventTypeException>(() => EventCodec.Decode<LedgerEvent>("consent.granted/v99", "{}"));

    [Fact]
    public void A_tenant_event_is_not_decoded_as_a_ledger_event() =>
        Assert.Throws<UnknownEventTypeException>(() => EventCodec.Decode<LedgerEvent>("tenant.sitekey-issued/v1", "{}"));
}
