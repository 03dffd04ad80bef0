using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Runtime;

namespace HarnessBench.Core.Tests.Pipeline;

public class SandboxSpecsTests
{
    [Fact]
    public void The_sandbox_has_no_network_uid_1000_no_capabilities_and_the_given_limits()
    {
        var limits = new SandboxLimits(0.5, 1L << 30, 64, 1L << 20);

        var spec = SandboxSpecs.Create("img:1", ["true"], "bench", TimeSpan.FromMinutes(1), limits, "/o", "/e");

        Assert.Equal(("img:1", "bench", TimeSpan.FromMinutes(1), "/o", "/e"), (spec.Image, spec.Name, spec.Timeout, spec.StdoutPath, spec.StderrPath));
        Assert.Equal(["true"], spec.Command);
        Assert.Same(limits, spec.Limits);
        Assert.False(spec.NetworkEnabled);
        Assert.Equal(("1000:1000", "/workspace"), (spec.User, spec.WorkingDirectory));
        Assert.Empty(spec.CapAdd);
        Assert.Empty(spec.Mounts);
        Assert.Empty(spec.Labels);
    }

    [Fact]
    public void A_cell_phase_sandbox_is_named_and_labelled_after_the_cell_and_gets_its_limits()
    {
        using var h = new PipelineHarness(taskYaml: "resources: { memory: 1g, pids: 99 }");

        var spec = SandboxSpecs.ForCell(h.Work, "grader", "img:1", ["bash", "t.sh"], TimeSpan.FromSeconds(30), "/o", "/e");

        Assert.Equal(h.Work.ContainerName("grader"), spec.Name);
        Assert.Equal(h.Work.Labels("grader"), spec.Labels);
        Assert.Equal("grader", spec.Labels[ManagedLabels.Phase]);
        Assert.Equal(h.Cell.Limits, spec.Limits);
        Assert.Equal((1L << 30, 99L), (spec.Limits.MemoryBytes, spec.Limits.Pids));
        Assert.False(spec.NetworkEnabled);
        Assert.Equal(("1000:1000", "/workspace"), (spec.User, spec.WorkingDirectory));
    }
}
