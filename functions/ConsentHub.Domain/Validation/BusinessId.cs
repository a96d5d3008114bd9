namespace ConsentHub.Domain.Validation;

/// Finnish business id (Y-tunnus): seven digits, a hyphen and a check digit (weights 7,9,10,5,8,4,2; mod 11).
public static class BusinessId
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2];

    public static bool IsValid(string? value)
    {
        if (value is not { Length: 9 } || value[7] != '-' || !value.Where((c, i) => i != 7).All(char.IsAsciiDigit))
            return false;
        var remainder = Weights.Select((w, i) => w * (value[i] - '0')).Sum() % 11;
        if (remainder == 1) return false;   // no valid id has remainder 1
        var check = remainder == 0 ? 0 : 11 - remainder;
        return value[8] - '0' == check;
    }
}
