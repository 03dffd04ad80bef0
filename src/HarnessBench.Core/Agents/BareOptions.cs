namespace HarnessBench.Core.Agents;

/// <summary>
/// Settings of the built-in <c>bare</c> loop (bench.yaml <c>bare: { max_turns: 10, command_timeout: 2m }</c>).
/// They are part of the cell's definition: bare cells record them as their harness version.
/// </summary>
/// <param name="MaxTurns">Model calls per cell; the loop stops after this many even when the model still calls tools.</param>
/// <param name="CommandTimeout">Limit of one tool command inside the container (killed there when it passes).</param>
public sealed record BareOptions(int MaxTurns, TimeSpan CommandTimeout)
{
    public static BareOptions Default { get; } = new(10, TimeSpan.FromMinutes(2));

    /// <summary>Recorded as the bare harness's version, so changing a setting makes old bare results stale.</summary>
    public string Version => $"max_turns={MaxTurns},command_timeout={(long)CommandTimeout.TotalSeconds}s";
}
