using ConsentHub.Domain.Checks;
using ConsentHub.Domain.Validation;

namespace ConsentHub.Domain.Tests.Validation;

/// Input at the edges of the patterns: bad input must be refused, never crash (a 500) or pass with a stray character.
public sealed class EdgeCaseTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("00")]
    [InlineData("00 ")]
    [InlineData("+")]
    [InlineData("000")]
    public void A_phone_number_of_only_a_prefix_normalises_to_null(string raw) => Assert.Null(Phone.Normalize(raw));

    [Theory]
    [InlineData("040 123 4567\n")]
    [InlineData("+358401234567\n")]
    public void A_phone_number_with_a_trailing_line_break_does_not_keep_it(string raw) =>
        Assert.DoesNotContain('\n', Phone.Normalize(raw) ?? "");

    [Theory]
    [InlineData("crm-123\n")]
    [InlineData("kaleva365\n")]
    public void An_id_with_a_trailing_line_break_is_malformed(string id)
    {
        Assert.False(Ids.IsValid(id));
        Assert.Equal("must match ^[a-z0-9][a-z0-9._:-]{0,127}$", Ids.Problem(id));
    }

    [Fact]
    public void A_subject_recipient_with_a_trailing_line_break_is_invalid() =>
        Assert.IsType<Recipient.Invalid>(Recipient.Parse("subject:crm-123\n"));

    [Theory]
    [InlineData("00")]
    [InlineData("subject:")]
    [InlineData(null)]
    public void Parsing_any_recipient_never_throws(string? raw) => Assert.IsType<Recipient.Invalid>(Recipient.Parse(raw));

    [Theory]
    [InlineData("１３１０５２-３０８T")]
    [InlineData("hetu ١٣١٠٥٢-٣٠٨T")]
    public void Free_text_with_digits_of_other_scripts_is_checked_without_throwing(string text) =>
        Assert.Null(Record.Exception(() => Ids.TextProblem(text)));
}
