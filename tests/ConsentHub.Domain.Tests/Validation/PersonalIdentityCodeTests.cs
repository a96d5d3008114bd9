using ConsentHub.Domain.Validation;

namespace ConsentHub.Domain.Tests.Validation;

/// Henkilötunnus DDMMYYCZZZQ: Q = "0123456789ABCDEFHJKLMNPRSTUVWXY"[DDMMYYZZZ mod 31].
public sealed class PersonalIdentityCodeTests
{
    [Theory]
    [InlineData("131052-308T")]   // 1900s
    [InlineData("010199+123Y")]   // 1800s
    [InlineData("150305A4563")]   // 2000s
    [InlineData("010100Y2340")]   // 1900s, marker of the 2023 reform
    [InlineData("131052-308t")]
    public void A_code_with_a_valid_date_and_check_character_is_valid(string code) => Assert.True(PersonalIdentityCode.IsValid(code));

    [Theory]
    [InlineData("Asiakas 131052-308T soitti")]
    [InlineData("hetu:010199+123Y")]
    [InlineData("syntynyt 150305A4563.")]
    [InlineData("crm-241284-987n")]
    public void A_valid_code_is_detected_inside_free_text(string text) => Assert.True(PersonalIdentityCode.ContainsAny(text));

    [Theory]
    [InlineData("131052-308U")]
    [InlineData("010199+123X")]
    [InlineData("150305A4564")]
    [InlineData("321052-308T")]
    [InlineData("131352-308T")]
    [InlineData("x131052-308T")]
    [InlineData("131052-308T9")]
    [InlineData("tilaus 2024-03-01 rivi 308")]
    [InlineData("")]
    [InlineData(null)]
    public void Text_without_a_valid_code_is_not_flagged(string? text) => Assert.False(PersonalIdentityCode.ContainsAny(text));

    [Fact]
    public void A_valid_code_inside_longer_text_is_not_itself_a_code() =>
        Assert.False(PersonalIdentityCode.IsValid("hetu 131052-308T"));
}
