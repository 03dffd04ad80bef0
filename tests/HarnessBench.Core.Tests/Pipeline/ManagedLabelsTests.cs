using HarnessBench.Core.Runtime;

namespace HarnessBench.Core.Tests.Pipeline;

public class ManagedLabelsTests
{
    [Fact]
    public void Label_keys_are_a_stable_contract()
    {
        // Stored on containers, networks and images: a rename would make the reaper blind to what an
        // earlier version left behind and rebuild every image. Changing one here is a deliberate act.
        Assert.Equal(
            ["io.harnessbench.managed", "io.harnessbench.run", "io.harnessbench.session", "io.harnessbench.cell", "io.harnessbench.phase",
                "io.harnessbench.owner", "io.harnessbench.content-hash", "io.harnessbench.image"],
            [ManagedLabels.Managed, ManagedLabels.Run, ManagedLabels.Session, ManagedLabels.Cell, ManagedLabels.Phase,
                ManagedLabels.Owner, ManagedLabels.ContentHash, ManagedLabels.Image]);
    }
}
