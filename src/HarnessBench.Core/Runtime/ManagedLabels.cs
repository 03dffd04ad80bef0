namespace HarnessBench.Core.Runtime;

/// <summary>
/// Every label key HarnessBench writes on the containers, networks and images it creates, defined
/// once. The keys are a stored contract: the orphan reaper of a later version must still recognise
/// what an earlier one left behind, and image labels decide whether an image is rebuilt, so a key
/// never changes once released.
/// </summary>
public static class ManagedLabels
{
    /// <summary>The namespace of every key below.</summary>
    public const string Prefix = "io.harnessbench.";

    /// <summary>"true" on every container and network HarnessBench creates; the orphan reaper considers only these.</summary>
    public const string Managed = Prefix + "managed";

    /// <summary>The bench's run name (results/&lt;run&gt;).</summary>
    public const string Run = Prefix + "run";

    /// <summary>The invocation (process run) that created a cell's containers.</summary>
    public const string Session = Prefix + "session";

    /// <summary>The cell id.</summary>
    public const string Cell = Prefix + "cell";

    /// <summary>The cell's phase the container served ("agent", "grader", "harness-version").</summary>
    public const string Phase = Prefix + "phase";

    /// <summary>"host:pid:start-ticks" of the creating process; the reaper removes what a dead owner left.</summary>
    public const string Owner = Prefix + "owner";

    /// <summary>Image label: the full SHA-256 content hash (hex) the image was built from.</summary>
    public const string ContentHash = Prefix + "content-hash";

    /// <summary>Image label: the catalog name of the image ("python", "base-rootfs").</summary>
    public const string Image = Prefix + "image";

    /// <summary>Label filter (key to value; null = the key exists) matching every managed object.</summary>
    public static IReadOnlyDictionary<string, string?> ManagedFilter { get; } = new Dictionary<string, string?> { [Managed] = "true" };
}
