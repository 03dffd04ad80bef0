using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Runtime;

namespace HarnessBench.Core.Harnesses;

/// <summary>
/// The harness side of a cell: turns a cell into what the agent container runs. The pipeline
/// adds the rest (image, /workspace copy in and out, limits, timeout, no network, user 1000).
/// </summary>
public interface IHarness
{
    /// <summary>Name used in bench.yaml and cell ids.</summary>
    string Name { get; }

    /// <summary>Version of the harness software, recorded in results and the cell definition; null for built-ins.</summary>
    string? Version { get; }

    /// <summary>Builds the agent's command, environment and extra inputs. Pure: no I/O besides writing under <see cref="CellPaths.Root"/>.</summary>
    HarnessInvocation CreateInvocation(HarnessContext context);
}

/// <summary>What a harness gets to know about the cell it runs.</summary>
public sealed record HarnessContext(Cell Cell, CellPaths Paths);

/// <summary>The agent container pieces a harness contributes.</summary>
/// <param name="Command">Argv run in /workspace.</param>
public sealed record HarnessInvocation(IReadOnlyList<string> Command)
{
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Extra directories copied in besides /workspace (never the task's tests).</summary>
    public IReadOnlyList<DirectoryCopyIn> CopyIn { get; init; } = [];

    /// <summary>Extra directories copied out after the agent exits (the harness's own logs).</summary>
    public IReadOnlyList<DirectoryCopyOut> CopyOut { get; init; } = [];
}

/// <summary>A harness whose session log can be normalized into a trajectory.</summary>
public interface ILoggedHarness : IHarness
{
    /// <summary>The parser id (see <c>TrajectoryParsers</c>).</summary>
    string LogFormat { get; }

    /// <summary>The log the parser reads: a file in the cell's agent-logs/, or null for the agent's stdout.</summary>
    string? LogFile { get; }
}
