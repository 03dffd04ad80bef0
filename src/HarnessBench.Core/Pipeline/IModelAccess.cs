using HarnessBench.Core.Results;
using HarnessBench.Core.Runtime;

namespace HarnessBench.Core.Pipeline;

/// <summary>
/// Stage seam around the agent: opens the cell's session at the model gateway before the agent
/// runs and closes it afterwards. Implemented by the gateway; absent for benches without models.
/// </summary>
public interface IModelAccess
{
    /// <summary>A session for the cell, or null when the cell's model needs none (the built-in "none").</summary>
    Task<ModelSession?> OpenAsync(CellWork work, CancellationToken cancellationToken);

    /// <summary>Ends the session (its token stops working) and returns what was metered.</summary>
    ModelMetering Close(ModelSession session);
}

/// <summary>What the agent container needs to reach its model.</summary>
/// <param name="Handle">The gateway's own session object, handed back to <see cref="IModelAccess.Close"/>.</param>
/// <param name="Environment">HB_OPENAI_BASE_URL, HB_ANTHROPIC_BASE_URL, HB_MODEL...</param>
/// <param name="Mounts">The gateway socket directory, read-only.</param>
/// <param name="RelayScript">Shell run before the agent's command (e.g. socat relaying 127.0.0.1:8080 to the socket); must not block.</param>
public sealed record ModelSession(object Handle, IReadOnlyDictionary<string, string> Environment, IReadOnlyList<BindMount> Mounts, string RelayScript)
{
    /// <summary>
    /// How the host process itself reaches the same session (the built-in bare loop and single-shot
    /// cells talk to the model from the host, metered like any harness); null when the gateway has no unix socket.
    /// </summary>
    public HostModelEndpoint? Host { get; init; }

    /// <summary>The agent's argv behind the relay: sh -c 'RELAY; exec "$@"' agent ARGV...</summary>
    public IReadOnlyList<string> Wrap(IReadOnlyList<string> command) =>
        ["/bin/sh", "-c", RelayScript + "\nexec \"$@\"", "hbench-agent", .. command];
}

/// <summary>The cell's gateway session as seen from the host: a unix socket and the per-cell OpenAI path.</summary>
/// <param name="SocketPath">The gateway's unix socket on the host.</param>
/// <param name="OpenAiBasePath">e.g. /c/TOKEN/v1: chat completions are at OpenAiBasePath + "/chat/completions".</param>
/// <param name="ModelName">The model name to ask for (the gateway rewrites it for upstreams).</param>
public sealed record HostModelEndpoint(string SocketPath, string OpenAiBasePath, string ModelName);
