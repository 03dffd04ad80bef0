namespace HarnessBench.Core.Runtime;

/// <summary>
/// Where a sweep's containers run (bench.yaml <c>backend:</c>, <c>hbench run --backend</c>): each value
/// names one <see cref="IContainerRuntime"/> implementation. Stored lower-case in result lines and run.json.
/// </summary>
public enum ExecutionBackend
{
    /// <summary>The local Docker engine, one container per cell stage (the default).</summary>
    Local,

    /// <summary>Docker Swarm: each container is a one-shot replicated job on the swarm the local engine manages.</summary>
    Swarm,
}

/// <summary>Names of <see cref="ExecutionBackend"/> as written in bench.yaml and on the command line.</summary>
public static class ExecutionBackends
{
    public static IReadOnlyList<string> Names { get; } = ["local", "swarm"];

    public static string Name(this ExecutionBackend backend) => backend switch
    {
        ExecutionBackend.Swarm => "swarm",
        _ => "local",
    };

    /// <summary>The backend named <paramref name="name"/> (exact, lower-case), or null.</summary>
    public static ExecutionBackend? Parse(string? name) => name switch
    {
        "local" => ExecutionBackend.Local,
        "swarm" => ExecutionBackend.Swarm,
        _ => null,
    };
}
