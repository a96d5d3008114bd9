using ConsentHub.Domain.Validation;

namespace ConsentHub.Domain.Tests.Validation;

public sealed class ContactPointTests
{
    [Theory]
    [InlineData("040 123 4567", "+358401234567")]
    [InlineData("0401234567", "+358401234567")]
    [InlineData("040-123 4567", "+358401234567")]
    [InlineData("(09) 123 4567", "+35891234567")]
    [InlineData("+358 40 123 4567", "+358401234567")]
    [InlineData("00358401234567", "+358401234567")]
    [InlineData("+46 70 123 45 67", "+46701234567")]
    [InlineData("0046 70 123 45 67", "+46701234567")]
    [InlineData("+1 (415) 555-0100", "+14155550100")]
    public void A_phone_number_is_normalised_to_E164_with_Finland_as_the_default_region(string raw, string expected) =>
        Assert.Equal(expected, Phone.Normalize(raw));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not a number")]
    [InlineData("040 123 4567 ext 5")]
    [InlineData("+358")]
    [InlineData("1234567")]
    [InlineData("+0401234567")]
    [InlineData("+1234567890123456")]
    [InlineData("++358401234567")]
    [InlineData("040+1234567")]
    public void Something_that_is_not_a_phone_number_normalises_to_null(string? raw) => Assert.Null(Phone.Normalize(raw));

    [Theory]
    [InlineData("  matti.meikalainen@example.fi ", "matti.meikalainen@example.fi")]
    [InlineData("Matti.Meikalainen@Example.FI", "Matti.Meikalainen@example.fi")]
    [InlineData("maija+uutiset@Posti.Kaleva365.FI", "maija+uutiset@posti.kaleva365.fi")]
    public void An_email_address_is_trimmed_and_its_domain_lower_cased_but_its_local_part_kept(string raw, string expected) =>
        Assert.Equal(expected, Email.Normalize(raw));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("matti")]
    [InlineData("matti@")]
    [InlineData("@example.fi")]
    [InlineData("matti@example")]
    [InlineData("matti..m@example.fi")]
    [InlineData("matti m@example.fi")]
    [InlineData("matti@exa_mple.fi")]
    [InlineData("matti@-example.fi")]
    public void Something_that_is_not_an_email_address_normalises_to_null(string? raw) => Assert.Null(Email.Normalize(raw));

    [Fact]
    public void An_email_address_with_an_overlong_local_part_normalises_to_null() =>
        Assert.Null(Email.Normalize(new string('a', 65) + "@example.fi"));

    [Theory]
    [InlineData(" Matti@Example.fi", ContactKind.Email, "Matti@example.fi")]
    [InlineData("040 123 4567", ContactKind.Phone, "+358401234567")]
    public void A_contact_point_is_parsed_as_the_kind_it_is(string raw, ContactKind kind, string value)
    {
        Assert.True(ContactPoint.TryParse(raw, out var point));
        Assert.Equal(new ContactPoint(kind, value), point);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("matti@")]
    [InlineData("hello")]
    public void A_contact_point_that_is_neither_kind_does_not_parse(string? raw) => Assert.False(ContactPoint.TryParse(raw, out _));
}
