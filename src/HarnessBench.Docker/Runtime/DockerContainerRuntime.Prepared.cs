using HarnessBench.Core.Runtime;

namespace HarnessBench.Docker.Runtime;

internal sealed partial class DockerContainerRuntime
{
    /// <summary>
    /// Creates the container with <see cref="RunAsync"/>'s sandbox, copies the early inputs in and starts
    /// it behind <see cref="PreparedGate"/>: the command waits, costing nothing, until
    /// <see cref="IPreparedContainer.RunAsync"/> has copied the late inputs in and released it. A spec
    /// without a command (the image's own) cannot be gated and is deferred instead.
    /// </summary>
    public async Task<IPreparedContainer> PrepareAsync(ContainerSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Command.Count == 0) return new DeferredContainer(this, spec);
        string cellId = spec.Labels.GetValueOrDefault(ManagedLabels.Cell) ?? "-";
        var creation = new Creation(ContainerName(spec.Name));
        ImageInfo image = await GuardAsync(creation, cellId, () => CreateAndStartAsync(spec, creation, cellId, gated: true, cancellationToken), removeAfter: false, cancellationToken);
        return new PreparedDockerContainer(this, spec, creation, image.Id, cellId);
    }

    /// <summary>A started, gated container: run once (then removed by the run), or disposed (removed unrun).</summary>
    private sealed class PreparedDockerContainer(DockerContainerRuntime runtime, ContainerSpec spec, Creation creation, string imageId, string cellId) : IPreparedContainer
    {
        private int _used;

        public async Task<ContainerRun> RunAsync(IReadOnlyList<DirectoryCopyIn> lateCopyIn, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(lateCopyIn);
            if (Interlocked.Exchange(ref _used, 1) != 0) throw new InvalidOperationException("A prepared container runs once.");
            long started = runtime._time.GetTimestamp();
            string id = creation.Id!;
            DateTimeOffset released = default;
            Outcome outcome = await runtime.GuardAsync(creation, cellId, async () =>
            {
                await ContainerFiles.CopyInAsync(runtime.Client, id, lateCopyIn, cancellationToken);
                // Taken before the release: the command cannot start earlier, so its process time is never short.
                released = runtime._time.GetUtcNow();
                await runtime.Client.WriteStdinLineAsync(id, cancellationToken);
                return await runtime.CollectAsync(id, spec, imageId, cellId, cancellationToken);
            }, removeAfter: true, cancellationToken);
            return runtime.Finished(id, outcome, cellId, released, started);
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _used, 1) == 0) await runtime.RemoveAsync(creation.Id!, cellId);
        }
    }
}

/// <summary>
/// The gate of a prepared container: its command is wrapped in <c>/bin/sh -c</c> that blocks reading one
/// line of stdin (kept open once, <see cref="ContainerCreateOptions.OpenStdin"/>), then <c>exec</c>s the
/// command, which keeps the container's pid, limits and exit status as if it had been started directly.
/// Blocking on a read costs no CPU while the agent runs (a polling loop would fork for minutes), and the
/// line arrives the moment it is written. Stdin closed without the line (hbench died, the attach broke)
/// exits 125 without running the command: a grader never runs on a workspace that did not arrive.
/// </summary>
internal static class PreparedGate
{
    public const string Script = "read -r _ && exec \"$@\"; echo 'hb-gate: stdin closed before the release; the command did not run' >&2; exit 125";

    public static ContainerCreateOptions Around(ContainerCreateOptions options) => options with
    {
        Entrypoint = ["/bin/sh"],
        Cmd = ["-c", Script, "hb-gate", .. options.Entrypoint ?? [], .. options.Cmd],
        OpenStdin = true,
    };
}
