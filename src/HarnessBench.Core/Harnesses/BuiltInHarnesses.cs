using HarnessBench.Core.Runtime;
using HarnessBench.Core.Tasks;

namespace HarnessBench.Core.Harnesses;

/// <summary>The harnesses that ship with Core (no agent, no model): for validating tasks and the pipeline.</summary>
public static class BuiltInHarnesses
{
    /// <summary><c>oracle</c>: applies solution/ (must pass). Registered by <see cref="HarnessRegistry.CreateWithBuiltIns"/>.</summary>
    public static IHarness Oracle() => new ReferenceSolutionHarness(ReferenceSolutionHarness.OracleName, t => t.SolutionDirectory);

    /// <summary><c>nop</c>: leaves the seed workspace untouched (must fail). Registered by <see cref="HarnessRegistry.CreateWithBuiltIns"/>.</summary>
    public static IHarness Nop() => new NopHarness();

    /// <summary>
    /// <c>wrong</c>: applies the plausible-but-wrong wrong/ (must fail). Not registered by default:
    /// task validation adds it; a task without wrong/ makes its cell an infra error.
    /// </summary>
    public static IHarness Wrong() => new ReferenceSolutionHarness(ReferenceSolutionHarness.WrongName, t => t.WrongDirectory);

    /// <summary>
    /// <c>hack-&lt;name&gt;</c>: lays one of the hack gate's subversion attempts over the unsolved seed
    /// (must fail, and the audit must say tamper). Not registered by default: task validation adds
    /// them. The attempt's files are written under <paramref name="stagingDirectory"/>/&lt;task&gt;/&lt;name&gt;/.
    /// </summary>
    public static IHarness Hack(Validation.HackAttempt attempt, string stagingDirectory)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return new ReferenceSolutionHarness(attempt.HarnessName, task =>
        {
            var files = attempt.Files(task) ?? throw new InvalidOperationException($"the hack attempt '{attempt.Name}' does not apply to task '{task.Id}'");
            var directory = Path.Combine(stagingDirectory, task.Id, attempt.Name);
            Pipeline.FileTree.Delete(directory);
            foreach (var (relative, content) in files)
            {
                var path = Path.Combine(directory, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, content);
            }
            return directory;
        });
    }
}

/// <summary>
/// Applies a reference solution through the same path an agent uses: the directory is copied
/// read-only to /opt/hbench/oracle, a script overlays its files on /workspace (solve.sh excluded)
/// and then runs solve.sh there if it exists. A task whose oracle cell fails is a broken task.
/// </summary>
internal sealed class ReferenceSolutionHarness(string name, Func<TaskDefinition, string> directory) : IReferenceHarness
{
    public const string OracleName = "oracle";
    public const string WrongName = "wrong";
    public const string SolutionPath = "/opt/hbench/oracle";

    // tar keeps dotfiles and nested directories and can exclude solve.sh; the copy-in is
    // read-only, so write bits are restored for the agent user afterwards.
    internal const string Script = """
        set -euo pipefail
        src="${HB_ORACLE_DIR:?}"
        umask 022
        tar -C "$src" --exclude=./solve.sh -cf - . | tar -C "$PWD" --no-same-owner -xf -
        chmod -R u+w "$PWD"
        if [ -f "$src/solve.sh" ]; then
          bash "$src/solve.sh"
        fi
        """;

    public string Name => name;

    public string? Version => null;

    public HarnessInvocation CreateInvocation(HarnessContext context)
    {
        var source = directory(context.Cell.Task);
        if (!Directory.Exists(source))
            throw new InvalidOperationException($"Task '{context.Cell.Task.Id}' has no {Path.GetFileName(source)}/ directory for the '{name}' harness.");
        return new HarnessInvocation(["bash", "-c", Script])
        {
            Environment = new Dictionary<string, string> { ["HB_ORACLE_DIR"] = SolutionPath },
            CopyIn = [new DirectoryCopyIn(source, SolutionPath, Owner: "0:0", ReadOnly: true)],
        };
    }
}

/// <summary>Does nothing and exits 0: the grader's verdict on the untouched seed workspace (should fail).</summary>
internal sealed class NopHarness : IReferenceHarness
{
    public const string HarnessName = "nop";

    public string Name => HarnessName;

    public string? Version => null;

    public HarnessInvocation CreateInvocation(HarnessContext context) => new(["true"]);
}
