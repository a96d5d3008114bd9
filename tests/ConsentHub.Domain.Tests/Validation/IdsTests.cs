using ConsentHub.Domain.Validation;

namespace ConsentHub.Domain.Tests.Validation;

public sealed class IdsTests
{
    [Theory]
    [InlineData("crm-123")]
    [InlineData("kaleva365")]
    [InlineData("newsletter:weekly")]
    [InlineData("a.b_c:d-e")]
    [InlineData("0")]
    public void A_well_formed_id_has_no_problem(string id) => Assert.Null(Ids.Problem(id));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void A_missing_id_is_required(string? id) => Assert.Equal("is required", Ids.Problem(id));

    [Theory]
    [InlineData("CRM-123")]
    [InlineData("-crm")]
    [InlineData("crm 123")]
    [InlineData("crm/123")]
    [InlineData("matti@example.fi")]
    [InlineData("äiti")]
    public void A_malformed_id_must_match_the_pattern(string id) =>
        Assert.Equal("must match ^[a-z0-9][a-z0-9._:-]{0,127}$", Ids.Problem(id));

    [Fact]
    public void An_id_of_129_characters_is_too_long() =>
        Assert.Equal("must match ^[a-z0-9][a-z0-9._:-]{0,127}$", Ids.Problem(new string('a', 129)));

    [Fact]
    public void An_id_of_128_characters_is_fine() => Assert.Null(Ids.Problem(new string('a', 128)));

    [Theory]
    [InlineData("131052-308t")]
    [InlineData("crm:131052-308t")]
    [InlineData("150305a4563")]
    public void An_id_holding_a_personal_identity_code_is_refused(string id) =>
        Assert.Equal("must not contain a personal identity code", Ids.Problem(id));

    [Fact]
    public void Free_text_holding_a_personal_identity_code_is_refused()
    {
        Assert.Equal("must not contain a personal identity code", Ids.TextProblem("Soittaja antoi hetun 131052-308T"));
        Assert.Equal("must be at most 10 characters", Ids.TextProblem(new string('x', 11), 10));
        Assert.Null(Ids.TextProblem("Asiakas kielsi puhelinmarkkinoinnin"));
        Assert.Null(Ids.TextProblem(null));
    }
}
