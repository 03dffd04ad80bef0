using HarnessBench.Core.Runtime;
using HarnessBench.Docker.Processes;

namespace HarnessBench.Docker;

/// <summary>
/// Who owns the containers and networks being created: the sweep's run id and the creating
/// process ("host:pid:start-ticks"). Written as labels; the orphan reaper removes what a dead
/// owner left behind.
/// </summary>
internal sealed record RuntimeOwner(string RunId, string Owner)
{
    public static RuntimeOwner ForCurrentProcess(string runId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        return new RuntimeOwner(runId, ProcessIdentity.Current.ToString());
    }

    /// <summary>The ownership labels, plus the cell label when known.</summary>
    public Dictionary<string, string> Labels(string? cellId = null)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ManagedLabels.Managed] = "true",
            [ManagedLabels.Run] = RunId,
            [ManagedLabels.Owner] = Owner,
        };
        if (!string.IsNullOrEmpty(cellId))
        {
            labels[ManagedLabels.Cell] = cellId;
        }

        return labels;
    }
}
