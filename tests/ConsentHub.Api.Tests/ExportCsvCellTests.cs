using ConsentHub.Hub.Requests;

namespace ConsentHub.Api.Tests;

/// A cell of the CSV export: RFC 4180 quoting, and nothing a spreadsheet would run as a formula (OWASP "CSV injection").
public sealed class ExportCsvCellTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("Äijälä", "Äijälä")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+358401234567", "'+358401234567")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "\"'\r=1\"")]
    [InlineData("a=b", "a=b")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void A_cell_is_quoted_as_RFC_4180_says_and_never_starts_a_formula(string? value, string expected) =>
        Assert.Equal(expected, ExportCsv.Cell(value));
}
