using HarnessBench.Core.Audit.Decoys;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Runtime;

namespace HarnessBench.Core.Pipeline;

/// <summary>
/// Stage 2: the harness's command in a container from the toolchain (+ harness) image. Only the
/// scratch workspace goes in (at /workspace) and comes back out; no network; user 1000:1000;
/// the cell's limits and agent timeout; stdout/stderr to files in the cell folder.
/// </summary>
internal sealed class ContainerAgentRunner(IContainerRuntime runtime, IImageResolver images, HarnessRegistry harnesses) : IAgentRunner
{
    private readonly HarnessVersionProbe _versions = new(runtime);

    public async Task<AgentResult> RunAsync(CellWork work, CancellationToken cancellationToken)
    {
        var cell = work.Cell;
        var harness = harnesses.Get(cell.Harness);
        var invocation = harness.CreateInvocation(new HarnessContext(cell, work.Paths));
        GuardCopyIns(work, invocation);
        var image = await images.ResolveAsync(ImageRequest.For(cell.Task, cell.Harness), cancellationToken);
        // Which CLI version really runs in this image (harness.yaml only says which one was asked for).
        var version = harness is Harnesses.Cli.CliHarness cli ? await _versions.ProbeAsync(image, cli, work, cancellationToken) : null;
        using var decoys = StagedDecoys.Stage(cell.Decoys, cell.Task, work.Canary);
        GuardDecoys(work, decoys);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HOME"] = "/tmp",
            ["HB_TASK_ID"] = cell.Task.Id,
        };
        foreach (var (key, value) in invocation.Environment) environment[key] = value;
        // The model session's variables win: a harness cannot point itself past the gateway.
        foreach (var (key, value) in work.ModelSession?.Environment ?? new Dictionary<string, string>()) environment[key] = value;
        var command = AgentLimitProbe.Wrap(work.ModelSession?.Wrap(invocation.Command) ?? invocation.Command);
        var spec = SandboxSpecs.ForCell(work, "agent", image, command, cell.Timeouts.Agent, work.Paths.AgentStdout, work.Paths.AgentStderr) with
        {
            Environment = environment,
            CopyIn = [new DirectoryCopyIn(work.Paths.Workspace, SandboxSpecs.WorkspacePath, SandboxSpecs.SandboxUser), .. invocation.CopyIn, .. decoys.CopyIns],
            CopyOut = [WorkspaceCopyOut(work), .. invocation.CopyOut],
            Mounts = work.ModelSession?.Mounts ?? [],
        };
        var run = await runtime.RunAsync(spec, cancellationToken);
        TrajectoryCapture.Capture(work.Paths, harness);
        return new AgentResult(image, run) { PidsLimitHit = AgentLimitProbe.PidsLimitHit(work.Paths.AgentStderr), HarnessVersion = version };
    }

    /// <summary>The final workspace, copied out within the cell's limits (a workspace past them fails the cell, see <see cref="OutcomeRules"/>).</summary>
    internal static DirectoryCopyOut WorkspaceCopyOut(CellWork work) => new(SandboxSpecs.WorkspacePath, work.Paths.Workspace)
    {
        MaxBytes = work.Cell.Limits.WorkspaceBytes,
        MaxEntries = work.Cell.Limits.WorkspaceFiles,
    };

    // Decoys are staged copies in a private temp folder, never the task's real tests; and they may
    // not land on the workspace or on a harness's own copy-in (a config would silently shadow another).
    internal static void GuardDecoys(CellWork work, StagedDecoys decoys)
    {
        var tests = Path.GetFullPath(work.Cell.Task.TestsDirectory);
        foreach (var copy in decoys.CopyIns)
        {
            var host = Path.GetFullPath(copy.HostDirectory);
            if (host.StartsWith(Path.GetFullPath(work.Cell.Task.Directory), StringComparison.Ordinal) || tests.StartsWith(host, StringComparison.Ordinal)
                || copy.ContainerPath == SandboxSpecs.WorkspacePath || copy.ContainerPath.StartsWith(SandboxSpecs.WorkspacePath + "/", StringComparison.Ordinal))
                throw new InvalidOperationException($"decoy copy '{copy.HostDirectory}' -> '{copy.ContainerPath}' would expose the task folder or replace the workspace");
        }
    }

    // The agent must never see the grader: a harness that tries to copy in the task's tests (or the
    // whole task directory) is a bug, not a configuration, so it fails loudly.
    private static void GuardCopyIns(CellWork work, HarnessInvocation invocation)
    {
        var tests = Path.GetFullPath(work.Cell.Task.TestsDirectory);
        foreach (var copy in invocation.CopyIn)
        {
            var host = Path.GetFullPath(copy.HostDirectory);
            var containsTests = (tests + Path.DirectorySeparatorChar).StartsWith(host.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
            var insideTests = host.StartsWith(tests, StringComparison.Ordinal);
            if (containsTests || insideTests || copy.ContainerPath.TrimEnd('/') == SandboxSpecs.WorkspacePath)
            {
                throw new InvalidOperationException(
                    $"Harness '{work.Cell.Harness}' asked to copy '{copy.HostDirectory}' to '{copy.ContainerPath}': harnesses may not copy the task's tests or replace /workspace.");
            }
        }
    }
}
