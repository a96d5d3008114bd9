using ConsentHub.Api.Tests.Kit;

namespace ConsentHub.Api.Tests.Azure;

/// The templates build and every one lints with the real `bicep` CLI, and any diagnostic fails: infra/bicepconfig.json
/// raises the linter's warnings to errors, and a warning the config does not name fails here all the same. (Lint
/// reports the compiler's diagnostics too, so each module is also compiled on its own.)
public sealed class BicepTests
{
    public static TheoryData<string> Templates() => [.. BicepCli.Templates()];

    [Fact]
    public async Task The_cli_is_the_pinned_package()
    {
        var (code, output, _) = await BicepCli.RunAsync("--version");
        Assert.Equal(0, code);
        Assert.Contains("Bicep CLI version 0.49.2", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_builds_with_its_modules_without_a_diagnostic()
    {
        var (code, output, errors) = await BicepCli.RunAsync("build", "main.bicep", "--stdout");
        Assert.True(code == 0 && errors.Trim().Length == 0, $"bicep build main.bicep exited {code}:\n{errors}");
        Assert.StartsWith("{", output.TrimStart(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task The_template_lints_without_a_diagnostic(string template)
    {
        var (code, output, errors) = await BicepCli.RunAsync("lint", template);
        Assert.True(code == 0 && (output + errors).Trim().Length == 0, $"bicep lint {template} exited {code}:\n{output}{errors}");
    }

    [Fact]
    public async Task A_linter_warning_fails_the_lint()
    {
        // Proves the check above can fail: an unused parameter is a warning by default, an error under infra/bicepconfig.json.
        var dir = Directory.CreateTempSubdirectory("consenthub-bicep-").FullName;
        try
        {
            File.Copy(Path.Combine(BicepCli.Infra, "bicepconfig.json"), Path.Combine(dir, "bicepconfig.json"));
            await File.WriteAllTextAsync(Path.Combine(dir, "probe.bicep"), "param unused string\n");
            var (code, output, errors) = await BicepCli.RunAsync("lint", Path.Combine(dir, "probe.bicep"));
            Assert.NotEqual(0, code);
            Assert.Contains("Error no-unused-params", output + errors, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
