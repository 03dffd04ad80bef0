using HarnessBench.Core.Harnesses.Cli;

namespace HarnessBench.Core.Tests.Harnesses;

/// <summary>The version a CLI's version_command prints, as the shipped CLIs print it, against the pin.</summary>
public class HarnessVersionCheckTests
{
    [Theory]
    [InlineData("2.1.330 (Claude Code)\n", "2.1.330")] // claude --version
    [InlineData("1.18.33\n", "1.18.33")] // opencode --version
    [InlineData("aider 0.86.1\n", "0.86.1")]
    [InlineData("v0.24.4\n", "0.24.4")]
    [InlineData("node v22.1.0\nqwen 0.24.4\n", "0.24.4")] // the pin among several version tokens
    public void The_pinned_version_is_found_in_the_output(string output, string pinned)
    {
        var reported = HarnessVersionCheck.Reported(output, 0, pinned);

        Assert.Equal(pinned, reported);
        Assert.True(HarnessVersionCheck.Matches(reported, pinned));
    }

    [Theory]
    [InlineData("2.0.0 (Claude Code)\n", "2.1.330", "2.0.0")]
    [InlineData("2.1.3300\n", "2.1.330", "2.1.3300")] // a prefix of another version is not the version
    [InlineData("12.1.330\n", "2.1.330", "12.1.330")]
    [InlineData("0.24.4-beta.1\n", "0.24.4", "0.24.4-beta.1")]
    [InlineData("command not found\n", "1.0.0", "command not found")]
    [InlineData("", "1.0.0", "(no output)")]
    public void Another_version_is_reported_as_it_is(string output, string pinned, string expected)
    {
        var reported = HarnessVersionCheck.Reported(output, 0, pinned);

        Assert.Equal(expected, reported);
        Assert.False(HarnessVersionCheck.Matches(reported, pinned));
    }

    [Fact]
    public void A_failing_or_hanging_version_command_reports_no_version()
    {
        Assert.Equal("(version command failed: exit 127)", HarnessVersionCheck.Reported("1.0.0\n", 127, "1.0.0"));
        Assert.Equal("(version command did not finish)", HarnessVersionCheck.Reported("1.0.0\n", null, "1.0.0"));
    }
}
