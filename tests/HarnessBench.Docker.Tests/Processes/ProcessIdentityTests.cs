using HarnessBench.Core.Runtime;
using HarnessBench.Docker.Processes;

namespace HarnessBench.Docker.Tests.Processes;

public sealed class ProcessIdentityTests
{
    [Fact]
    public void Stat_fields_are_read_after_the_command_name_even_with_spaces_and_parentheses()
    {
        const string stat = "4242 (weird ) name) S 17 4242 4242 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 987654 1000 10 18446744073709551615";

        Assert.Equal(987654, ProcessIdentity.ParseStartTicks(stat));
        Assert.Equal(17, ProcessIdentity.ParseParentPid(stat));
        Assert.Null(ProcessIdentity.ParseStartTicks("garbage"));
    }

    [Fact]
    public void Owner_strings_round_trip_and_bad_ones_are_rejected()
    {
        var identity = new ProcessIdentity("host-1.example", 123, 456789);

        Assert.Equal("host-1.example:123:456789", identity.ToString());
        Assert.Equal(identity, ProcessIdentity.TryParse(identity.ToString()));
        Assert.Null(ProcessIdentity.TryParse(null));
        Assert.Null(ProcessIdentity.TryParse("host:abc:1"));
        Assert.Null(ProcessIdentity.TryParse("123:456"));
    }

    [Fact]
    public void The_current_process_is_alive_and_a_changed_start_time_is_not()
    {
        ProcessIdentity me = ProcessIdentity.Current;

        Assert.Equal(Environment.ProcessId, me.Pid);
        Assert.True(me.StartTicks > 0);
        Assert.True(me.IsAliveOnThisHost());
        Assert.False((me with { StartTicks = me.StartTicks + 1 }).IsAliveOnThisHost());
        Assert.False((me with { HostName = "elsewhere" }).IsAliveOnThisHost());
    }

    [Fact]
    public void Runtime_owner_labels_carry_run_owner_and_cell()
    {
        RuntimeOwner owner = RuntimeOwner.ForCurrentProcess("run-1");

        Dictionary<string, string> labels = owner.Labels("cell-7");

        Assert.Equal("true", labels[ManagedLabels.Managed]);
        Assert.Equal("run-1", labels[ManagedLabels.Run]);
        Assert.Equal("cell-7", labels[ManagedLabels.Cell]);
        Assert.Equal(ProcessIdentity.Current.ToString(), labels[ManagedLabels.Owner]);
        Assert.DoesNotContain(ManagedLabels.Cell, owner.Labels().Keys);
    }
}
