using HarnessBench.Core.Runtime;
using HarnessBench.Docker.Processes;
using HarnessBench.Docker.Reaping;

namespace HarnessBench.Docker.Tests.Reaping;

public sealed class ReapRuleTests
{
    private static readonly string Here = Environment.MachineName;

    private static Dictionary<string, string> Labels(string? owner, string run = "r1", bool managed = true)
    {
        var labels = new Dictionary<string, string> { [ManagedLabels.Run] = run };
        if (managed)
        {
            labels[ManagedLabels.Managed] = "true";
        }

        if (owner is not null)
        {
            labels[ManagedLabels.Owner] = owner;
        }

        return labels;
    }

    [Theory]
    [InlineData(false, null, false)] // live owner here: never
    [InlineData(false, "r1", false)] // ... even when its run is named dead
    [InlineData(true, null, true)]   // dead owner here: yes
    public void Owners_on_this_host_are_judged_by_liveness(bool dead, string? deadRun, bool expected)
    {
        Assert.Equal(expected, OrphanReaper.ShouldReap(Labels($"{Here}:42:7"), deadRun, _ => !dead));
    }

    [Fact]
    public void Other_hosts_and_unparsable_owners_are_left_alone_unless_their_run_is_named()
    {
        Assert.False(OrphanReaper.ShouldReap(Labels("elsewhere:42:7"), null, _ => false));
        Assert.False(OrphanReaper.ShouldReap(Labels(null), null, _ => false));
        Assert.True(OrphanReaper.ShouldReap(Labels("elsewhere:42:7"), "r1", _ => true));
        Assert.True(OrphanReaper.ShouldReap(Labels("not-an-owner"), "r1", _ => true));
        Assert.False(OrphanReaper.ShouldReap(Labels("elsewhere:42:7"), "r2", _ => false));
    }

    [Fact]
    public void Unmanaged_objects_are_never_reaped()
    {
        Assert.False(OrphanReaper.ShouldReap(Labels($"{Here}:42:7", managed: false), "r1", _ => false));
        Assert.False(OrphanReaper.ShouldReap(new Dictionary<string, string>(), "r1", _ => false));
    }

    [Fact]
    public void Liveness_is_asked_about_the_parsed_owner()
    {
        ProcessIdentity? asked = null;

        OrphanReaper.ShouldReap(Labels($"{Here}:42:7"), null, p => (asked = p) is null);

        Assert.Equal(new ProcessIdentity(Here, 42, 7), asked);
    }
}
