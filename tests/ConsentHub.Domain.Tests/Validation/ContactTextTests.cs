using ConsentHub.Domain.Validation;

namespace ConsentHub.Domain.Tests.Validation;

/// The allocation-free normaliser of the check path (ContactText) answers exactly as ContactPoint.TryParse, the
/// reference, wherever it answers; where it is unsure it says so and the check takes the reference.
public sealed class ContactTextTests
{
    [Theory]
    [InlineData("matti.meikalainen@example.fi")]
    [InlineData("Matti.Meikalainen@Example.FI")]
    [InlineData("maija+uutiset@Posti.Kaleva365.FI")]
    [InlineData("a@b.fi")]
    [InlineData("o'brien@example.co.uk")]
    [InlineData("x!#$%&'*+/=?^_`{|}~-y@sub-domain.example.com")]
    [InlineData("first.last@a-b.c-d.example.travel")]
    [InlineData("040 123 4567")]
    [InlineData("0401234567")]
    [InlineData("040-123 4567")]
    [InlineData("(09) 123 4567")]
    [InlineData("+358 40 123 4567")]
    [InlineData("00358401234567")]
    [InlineData("+46 70 123 45 67")]
    [InlineData("0046 70 123 45 67")]
    [InlineData("+1 (415) 555-0100")]
    [InlineData("+358.40.123.4567")]
    [InlineData(" +358401234567 ")]
    public void Common_forms_are_normalised_as_the_reference_does(string raw)
    {
        Assert.True(Fast(raw, out var point), raw);
        Assert.True(ContactPoint.TryParse(raw, out var reference), raw);
        Assert.Equal(reference, point);
    }

    [Theory]
    // Odd but valid forms the reference alone handles: other whitespace, non-ASCII spaces, a trailing newline.
    [InlineData("\tmatti@example.fi")]
    [InlineData(" matti@example.fi ")]
    [InlineData("matti@example.fi\n")]
    [InlineData("\u00a0matti@example.fi")]
    [InlineData("040\u00a0123\u00a04567")]
    [InlineData("040\t1234567")]
    // Internationalised domains and local parts, which the reference refuses.
    [InlineData("matti@esimerkki.fi")]
    [InlineData("matti@bücher.de")]
    [InlineData("mätti@example.fi")]
    [InlineData("matti@xn--bcher-kva.de")]
    // Invalid input of every shape.
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("matti")]
    [InlineData("matti@")]
    [InlineData("@example.fi")]
    [InlineData("matti@example")]
    [InlineData("matti..m@example.fi")]
    [InlineData(".matti@example.fi")]
    [InlineData("matti.@example.fi")]
    [InlineData("matti m@example.fi")]
    [InlineData("matti@exa_mple.fi")]
    [InlineData("matti@-example.fi")]
    [InlineData("matti@example-.fi")]
    [InlineData("matti@example..fi")]
    [InlineData("matti@.example.fi")]
    [InlineData("matti@example.f")]
    [InlineData("matti@example.f1")]
    [InlineData("matti@@example.fi")]
    [InlineData("a@b@example.fi")]
    [InlineData("subject:crm-1")]
    [InlineData("push:abc@example.fi")]
    [InlineData("not a number")]
    [InlineData("040 123 4567 ext 5")]
    [InlineData("+358")]
    [InlineData("+")]
    [InlineData("00")]
    [InlineData("1234567")]
    [InlineData("+0401234567")]
    [InlineData("+1234567890123456")]
    [InlineData("++358401234567")]
    [InlineData("040+1234567")]
    [InlineData("+358 1234")]
    [InlineData("+358 1234567890123")]
    [InlineData("040١٢٣٤٥٦٧")]
    public void Every_other_form_answers_as_the_reference_or_is_left_to_it(string raw) => AssertSame(raw);

    [Fact]
    public void Lengths_at_the_limits_answer_as_the_reference_or_are_left_to_it()
    {
        foreach (var local in new[] { 1, 63, 64, 65 })
            foreach (var label in new[] { 1, 62, 63, 64 })
                foreach (var top in new[] { 1, 2, 63, 64 })
                    AssertSame($"{new string('a', local)}@{new string('B', label)}.{new string('C', top)}");
        AssertSame(new string('a', 64) + "@" + string.Join('.', Enumerable.Repeat(new string('b', 60), 4)) + ".fi");   // over 254
        AssertSame(new string('a', 64) + "@" + string.Join('.', Enumerable.Repeat(new string('b', 40), 4)) + ".fi");
        foreach (var digits in Enumerable.Range(1, 18)) { AssertSame("+" + new string('7', digits)); AssertSame("0" + new string('4', digits)); AssertSame("+358" + new string('4', digits)); }
    }

    [Fact]
    public void Random_text_of_the_characters_that_matter_answers_as_the_reference_or_is_left_to_it()
    {
        const string alphabet = "aZ09.@-+_ ()!#'~éA.\t\u00a0@fi";
        var random = new Random(12);
        for (var n = 0; n < 200_000; n++)
        {
            var chars = new char[random.Next(0, 20)];
            for (var i = 0; i < chars.Length; i++) chars[i] = alphabet[random.Next(alphabet.Length)];
            AssertSame(new string(chars));
        }
        for (var n = 0; n < 50_000; n++)   // near-addresses: a local part, an @ and a domain of the characters that matter
        {
            string Part(string of, int max) { var c = new char[random.Next(0, max)]; for (var i = 0; i < c.Length; i++) c[i] = of[random.Next(of.Length)]; return new string(c); }
            AssertSame(Part("aB9.-+_", 8) + "@" + Part("aB9.-", 12) + "." + Part("aBc9", 4));
            AssertSame(Part("0123456789 +-().", 18));
        }
    }

    private static void AssertSame(string raw)
    {
        if (!Fast(raw, out var point)) return;   // left to the reference
        Assert.True(ContactPoint.TryParse(raw, out var reference), $"'{raw}' normalised by the fast path but refused by the reference");
        Assert.Equal(reference, point);
    }

    /// The fast path's answer, as chars and as the bytes a keyed hash is made of: both answer, or neither, the same.
    private static bool Fast(string raw, out ContactPoint point)
    {
        Span<char> into = stackalloc char[ContactText.MaxLength];
        Span<byte> bytes = stackalloc byte[ContactText.MaxLength];
        point = default;
        var asBytes = ContactText.TryNormalize(raw, bytes, out var byteKind, out var byteLength);
        if (!ContactText.TryNormalize(raw, into, out var kind, out var length))
        {
            Assert.False(asBytes, $"'{raw}' normalised as bytes but not as chars");
            return false;
        }
        Assert.True(asBytes, $"'{raw}' normalised as chars but not as bytes");
        Assert.Equal(kind, byteKind);
        Assert.Equal(new string(into[..length]), System.Text.Encoding.UTF8.GetString(bytes[..byteLength]));
        point = new ContactPoint(kind, new string(into[..length]));
        return true;
    }

    [Fact]
    public void As_bytes_a_value_that_does_not_fit_is_left_to_the_reference()
    {
        Span<byte> small = stackalloc byte[12];
        Assert.False(ContactText.TryNormalize("matti.meikalainen@example.fi", small, out _, out _));
        Assert.False(ContactText.TryNormalize("040 123 4567", small, out _, out _));   // +358401234567: 13 bytes
        Assert.True(ContactText.TryNormalize("a@Example.FI", small, out var kind, out var length));
        Assert.Equal((ContactKind.Email, "a@example.fi"), (kind, System.Text.Encoding.UTF8.GetString(small[..length])));
    }
}
