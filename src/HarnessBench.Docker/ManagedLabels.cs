namespace HarnessBench.Docker;

/// <summary>Labels on every container and network HarnessBench creates; the orphan reaper keys on them.</summary>
internal static class ManagedLabels
{
    public const string Managed = "io.harnessbench.managed";
    public const string Run = "io.harnessbench.run";
    public const string Cell = "io.harnessbench.cell";

    /// <summary>"host:pid:start-ticks" of the creating process (see <see cref="Processes.ProcessIdentity"/>).</summary>
    public const string Owner = "io.harnessbench.owner";

    /// <summary>Filter matching every managed object.</summary>
    public static IReadOnlyDictionary<string, string?> ManagedFilter { get; } = new Dictionary<string, string?> { [Managed] = "true" };
}
