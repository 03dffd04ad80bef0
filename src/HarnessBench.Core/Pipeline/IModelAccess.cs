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
    /// <summary>The agent's argv behind the relay: sh -c 'RELAY; exec "$@"' agent ARGV...</summary>
    public IReadOnlyList<string> Wrap(IReadOnlyList<string> command) =>
        ["/bin/sh", "-c", RelayScript + "\nexec \"$@\"", "hbench-agent", .. command];
}
