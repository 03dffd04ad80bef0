using HarnessBench.Core.Runtime;

namespace HarnessBench.Core.Pipeline;

/// <summary>
/// The one place the sandbox container spec is made: the given limits, no network, uid 1000,
/// every capability dropped (none added back), /workspace as the working directory. The agent
/// (CLI harness or bare loop), the harness-version probe and the grader start from it and add only
/// what their phase needs, so a sandbox setting cannot drift between them.
/// </summary>
public static class SandboxSpecs
{
    /// <summary>Where the scratch workspace is copied in, and the working directory.</summary>
    public const string WorkspacePath = "/workspace";

    /// <summary>"uid:gid" the agent's processes run as: never root.</summary>
    public const string SandboxUser = "1000:1000";

    /// <summary>
    /// A sandbox for one phase of a cell: named and labelled after the cell and the phase (so that
    /// orphans trace back to them), with the cell's limits.
    /// </summary>
    public static ContainerSpec ForCell(CellWork work, string phase, string image, IReadOnlyList<string> command, TimeSpan timeout, string stdoutPath, string stderrPath)
    {
        ArgumentNullException.ThrowIfNull(work);
        return Create(image, command, work.ContainerName(phase), timeout, work.Cell.Limits, stdoutPath, stderrPath) with { Labels = work.Labels(phase) };
    }

    /// <summary>A sandbox outside any cell (the sandbox benchmark, probes in tests): the same settings, unlabelled.</summary>
    public static ContainerSpec Create(string image, IReadOnlyList<string> command, string name, TimeSpan timeout, SandboxLimits limits, string stdoutPath, string stderrPath) =>
        new(image, command, name, timeout, limits, stdoutPath, stderrPath)
        {
            User = SandboxUser,
            WorkingDirectory = WorkspacePath,
            CapAdd = [],
            NetworkEnabled = false,
        };
}
