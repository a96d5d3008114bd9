using ConsentHub.Domain.Validation;

namespace ConsentHub.Domain.Tests.Validation;

/// Y-tunnus: weights 7, 9, 10, 5, 8, 4, 2; remainder 0 gives check digit 0, remainder 1 is never issued, otherwise 11 − remainder.
public sealed class BusinessIdTests
{
    [Theory]
    [InlineData("2715049-8")]   // remainder 3
    [InlineData("0112038-9")]   // remainder 2
    [InlineData("0737546-2")]   // remainder 9
    [InlineData("1572860-0")]   // remainder 0
    [InlineData("1234567-1")]   // remainder 10
    public void A_business_id_with_the_right_check_digit_is_valid(string id) => Assert.True(BusinessId.IsValid(id));

    [Theory]
    [InlineData("2715049-7")]
    [InlineData("2715049-9")]
    [InlineData("0112038-0")]
    [InlineData("1572860-1")]
    public void A_business_id_with_a_wrong_check_digit_is_invalid(string id) => Assert.False(BusinessId.IsValid(id));

    [Theory]
    [InlineData("1111111-0")]
    [InlineData("1111111-1")]
    [InlineData("0000006-0")]
    [InlineData("0000006-5")]
    public void A_business_id_whose_remainder_is_one_is_never_valid(string id) => Assert.False(BusinessId.IsValid(id));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("27150498")]
    [InlineData("2715049 8")]
    [InlineData("271504-98")]
    [InlineData(" 2715049-8")]
    [InlineData("2715049-8 ")]
    [InlineData("FI27150498")]
    [InlineData("271504a-8")]
    [InlineData("２715049-8")]
    public void A_business_id_in_another_shape_is_invalid(string? id) => Assert.False(BusinessId.IsValid(id));
}
