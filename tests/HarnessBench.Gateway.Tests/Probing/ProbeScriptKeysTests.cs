using HarnessBench.Gateway.Scripted;
using HarnessBench.Gateway.Sessions;

namespace HarnessBench.Gateway.Tests.Probing;

/// <summary>The script keys that make a scripted model a probe target: fill_max_tokens and prefill_tokens_per_second.</summary>
public sealed class ProbeScriptKeysTests
{
    [Fact]
    public void Probe_keys_are_read_and_carried_into_the_plan()
    {
        var script = Script.Parse("tokens_per_second: 40\nprefill_tokens_per_second: 2500.5\nfill_max_tokens: true\nsteps:\n  - say: hi\n");

        ScriptPlan plan = ScriptPlan.Create(script, CellContext.Empty("/tmp"));

        Assert.Equal((40.0, 2500.5, true), (plan.TokensPerSecond, plan.PrefillTokensPerSecond, plan.FillMaxTokens));
        Assert.False(ScriptPlan.Create(Script.Parse("- say: hi\n"), CellContext.Empty("/tmp")).FillMaxTokens);
    }

    [Theory]
    [InlineData("fill_max_tokens: maybe", "fill_max_tokens is true or false")]
    [InlineData("prefill_tokens_per_second: -5", "prefill_tokens_per_second is a number")]
    [InlineData("tokens_per_second: fast", "tokens_per_second is a number")]
    public void Bad_values_are_refused_with_the_key_named(string line, string message)
    {
        var e = Assert.Throws<FormatException>(() => Script.Parse($"{line}\nsteps:\n  - say: hi\n", "probe.yaml"));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("probe.yaml", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc", 3, "abc abc abc ")]
    [InlineData("abc", 1, "abc ")]
    [InlineData(null, 3, "token token ")]
    [InlineData("a much longer answer than asked for", 2, "a much l")]
    public void Fill_repeats_or_cuts_the_text_to_exactly_n_scripted_tokens(string? text, int tokens, string expected)
    {
        string filled = ScriptedBackend.Fill(text, tokens);

        Assert.Equal(expected, filled);
        Assert.Equal(tokens, Pacer.Tokens(filled));
    }
}
