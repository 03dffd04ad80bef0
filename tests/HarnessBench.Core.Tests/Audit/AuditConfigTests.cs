using HarnessBench.Core.Audit.Decoys;
using HarnessBench.Core.Config;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Tests.Support;

namespace HarnessBench.Core.Tests.Audit;

public sealed class AuditConfigTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private BenchLoadResult Load(string extra)
    {
        TestBench.WriteTask(_dir, "t1");
        var path = _dir.Write("bench.yaml", $"name: a\nharnesses: [nop]\n{extra}");
        return BenchLoader.Load(path, new BenchLoadOptions(HarnessRegistry.CreateWithBuiltIns().Names) { ProcessorCount = 4 });
    }

    [Fact]
    public void Defaults_are_standard_decoys_in_the_isolated_layout()
    {
        var result = Load("");
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(DecoyMode.Standard, result.Bench.Audit.Decoys);
        Assert.Equal(SandboxLayout.Isolated, result.Bench.Audit.Layout);
    }

    [Theory]
    [InlineData("audit: { decoys: off }", DecoyMode.Off, SandboxLayout.Isolated)]
    [InlineData("audit: { decoys: standard }", DecoyMode.Standard, SandboxLayout.Isolated)]
    [InlineData("audit:\n  decoys: [/srv/grader/, /opt/solution]", DecoyMode.Custom, SandboxLayout.Isolated)]
    [InlineData("sandbox: { layout: legacy }", DecoyMode.Standard, SandboxLayout.Legacy)]
    [InlineData("sandbox: { layout: isolated, cpus: 1 }", DecoyMode.Standard, SandboxLayout.Isolated)]
    public void Valid_settings_are_read(string yaml, DecoyMode mode, SandboxLayout layout)
    {
        var result = Load(yaml);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(mode, result.Bench.Audit.Decoys);
        Assert.Equal(layout, result.Bench.Audit.Layout);
        if (mode == DecoyMode.Custom) Assert.Equal(["/srv/grader", "/opt/solution"], result.Bench.Audit.CustomPaths);
    }

    [Fact]
    public void Every_bad_setting_is_reported_with_its_line_and_a_hint()
    {
        var result = Load("""
            audit:
              decoy: standard
            sandbox:
              layout: legacyy
            """);
        Assert.False(result.Succeeded);
        var unknownKey = Assert.Single(result.Errors, e => e.Message.Contains("unknown key 'decoy' in audit", StringComparison.Ordinal));
        Assert.Equal(4, unknownKey.Location.Line);
        Assert.Contains("decoys", unknownKey.Hint, StringComparison.Ordinal);
        var layout = Assert.Single(result.Errors, e => e.Message.Contains("unknown sandbox layout 'legacyy'", StringComparison.Ordinal));
        Assert.Equal(6, layout.Location.Line);
        Assert.Contains("legacy", layout.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_decoy_paths_are_reported_each_on_its_line()
    {
        var result = Load("""
            audit:
              decoys:
                - tests
                - /workspace/tests
                - /tmp/grader
                - /grader
                - /grader/
                - /srv/a
                - /srv/a/b
                - /x/../y
            """);
        Assert.False(result.Succeeded);
        string At(int line) => Assert.Single(result.Errors, e => e.Location.Line == line).Message;
        Assert.Contains("is not absolute", At(5), StringComparison.Ordinal);
        Assert.Contains("inside '/workspace'", At(6), StringComparison.Ordinal);
        Assert.Contains("inside '/tmp'", At(7), StringComparison.Ordinal);
        Assert.Contains("duplicate decoy path '/grader' (first at line 8)", At(9), StringComparison.Ordinal);
        Assert.Contains("nested with '/srv/a'", At(11), StringComparison.Ordinal);
        Assert.Contains("'.' or '..'", At(12), StringComparison.Ordinal);
        Assert.Equal(6, result.Errors.Count);
    }

    [Fact]
    public void Unknown_modes_get_a_did_you_mean_and_legacy_refuses_decoys()
    {
        var typo = Load("audit: { decoys: standrd }");
        var error = Assert.Single(typo.Errors);
        Assert.Contains("unknown decoys setting 'standrd'", error.Message, StringComparison.Ordinal);
        Assert.Contains("standard", error.Hint, StringComparison.Ordinal);

        var both = Load("audit: { decoys: standard }\nsandbox: { layout: legacy }");
        var clash = Assert.Single(both.Errors);
        Assert.Contains("cannot be combined with 'sandbox.layout: legacy'", clash.Message, StringComparison.Ordinal);

        var empty = Load("audit: { decoys: [] }");
        Assert.Contains("empty list", Assert.Single(empty.Errors).Message, StringComparison.Ordinal);

        var shape = Load("audit: { decoys: { a: 1 } }");
        Assert.Contains("must be off, standard or a list of paths", Assert.Single(shape.Errors).Message, StringComparison.Ordinal);
    }
}
