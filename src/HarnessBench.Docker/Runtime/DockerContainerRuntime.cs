using System.Security.Cryptography;
using HarnessBench.Core.Runtime;
using HarnessBench.Docker.Archives;
using Microsoft.Extensions.Logging;

namespace HarnessBench.Docker.Runtime;

/// <summary>
/// <see cref="IContainerRuntime"/> on the Docker Engine API: create (sandboxed, labelled), copy in
/// by archive, start, wait with a timeout, capture logs, inspect, copy out, and always remove.
/// </summary>
internal sealed partial class DockerContainerRuntime(
    DockerClient client,
    RuntimeOwner owner,
    ILogger<DockerContainerRuntime> logger,
    TimeProvider? timeProvider = null,
    DockerRuntimeOptions? options = null) : IContainerRuntime
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly DockerRuntimeOptions _options = options ?? new DockerRuntimeOptions();

    public async Task<ContainerRun> RunAsync(ContainerSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        long started = _time.GetTimestamp();
        string cellId = spec.Labels.GetValueOrDefault(ManagedLabels.Cell) ?? "-";
        var creation = new Creation(ContainerName(spec.Name));
        Outcome outcome = await GuardAsync(creation, cellId, async () =>
        {
            ImageInfo image = await CreateAndStartAsync(spec, creation, cellId, gated: false, cancellationToken);
            return await CollectAsync(creation.Id!, spec, image.Id, cellId, cancellationToken);
        }, removeAfter: true, cancellationToken);
        return Finished(creation.Id!, outcome, cellId, released: null, started);
    }

    /// <summary>
    /// Runs <paramref name="body"/> on a container being created or run: engine and archive errors become
    /// <see cref="ContainerRuntimeException"/>s, a cancellation kills it, and it is removed when
    /// <paramref name="removeAfter"/> (always) or when <paramref name="body"/> fails (a prepared container that
    /// did not come up).
    /// </summary>
    private async Task<T> GuardAsync<T>(Creation creation, string cellId, Func<Task<T>> body, bool removeAfter, CancellationToken cancellationToken)
    {
        bool failed = true;
        try
        {
            T result = await body();
            failed = false;
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && creation.Id is { } running)
        {
            Log.ContainerCancelled(logger, cellId, running);
            await CleanupAsync(ct => client.KillContainerAsync(running, "KILL", ct), cellId, running);
            throw;
        }
        catch (DockerException ex)
        {
            throw new ContainerRuntimeException(ex.Message, ex);
        }
        catch (UnsafeArchiveEntryException ex)
        {
            throw new ContainerRuntimeException($"Copying files out of container {creation.Id} was refused: {ex.Message}", ex);
        }
        finally
        {
            if ((removeAfter || failed) && creation.CleanupTarget is { } target)
            {
                await RemoveAsync(target, cellId);
            }
        }
    }

    private Task RemoveAsync(string target, string cellId) =>
        CleanupAsync(ct => client.RemoveContainerAsync(target, force: true, removeVolumes: true, ct), cellId, target);

    /// <summary>Waits for the exit (killing at the spec's timeout), writes the logs, inspects and copies the outputs out.</summary>
    private async Task<Outcome> CollectAsync(string id, ContainerSpec spec, string imageId, string cellId, CancellationToken cancellationToken)
    {
        bool timedOut = await WaitAsync(id, spec.Timeout, cellId, cancellationToken);
        await ContainerLogFiles.WriteAsync(client, id, spec, _options.MaxLogBytes, logger, cellId, cancellationToken);
        ContainerInfo info = await client.InspectContainerAsync(id, cancellationToken)
            ?? throw new ContainerRuntimeException($"Container {id} disappeared before it could be inspected. Something else removed it; check for a concurrent `docker rm` or reaper.");
        string? limit = null;
        foreach (DirectoryCopyOut copy in spec.CopyOut)
        {
            limit ??= await ContainerFiles.CopyOutAsync(client, id, copy, logger, cellId, cancellationToken);
        }

        return new Outcome(info.ImageId.Length > 0 ? info.ImageId : imageId, info, timedOut) { CopyOutLimit = limit };
    }

    /// <param name="released">When a gated command was let go: its process time starts there, not at the container's start.</param>
    private ContainerRun Finished(string id, Outcome outcome, string cellId, DateTimeOffset? released, long started)
    {
        ContainerState state = outcome.Info.State;
        DateTimeOffset? from = state.StartedAt is { } start && released is { } release && release > start ? release : state.StartedAt;
        TimeSpan processTime = from is { } begin && state.FinishedAt is { } end && end > begin ? end - begin : TimeSpan.Zero;
        var run = new ContainerRun(
            id, outcome.ImageId, outcome.TimedOut ? null : state.ExitCode, outcome.TimedOut, state.OomKilled, processTime, _time.GetElapsedTime(started))
        {
            CopyOutLimit = outcome.CopyOutLimit,
        };
        if (run.OomKilled)
        {
            Log.ContainerOomKilled(logger, cellId, run.ContainerId);
        }

        Log.ContainerFinished(logger, cellId, run.ContainerId, run.ExitCode, run.ProcessTime, run.TotalTime);
        return run;
    }

    /// <summary>
    /// Inspects the image, creates the sandboxed container, copies the inputs in and starts it: the
    /// one way every container (one-shot run, exec session or prepared container) comes to life.
    /// <paramref name="creation"/> records how far it got, so the caller's clean-up removes whatever exists.
    /// </summary>
    /// <param name="gated">Start behind the stdin gate (<see cref="PreparedGate"/>): the command waits for its release.</param>
    private async Task<ImageInfo> CreateAndStartAsync(ContainerSpec spec, Creation creation, string cellId, bool gated, CancellationToken cancellationToken)
    {
        ImageInfo image = await client.InspectImageAsync(spec.Image, cancellationToken)
            ?? throw new ContainerRuntimeException(DockerErrors.ImageMissing(spec.Image).Message);
        creation.Attempted = true;
        ContainerCreateOptions options = CreateOptions(spec, creation.Name, cellId);
        string id = await client.CreateContainerAsync(gated ? PreparedGate.Around(options) : options, cancellationToken);
        creation.Id = id;
        Log.ContainerCreated(logger, cellId, id, spec.Image);
        await ContainerFiles.CopyInAsync(client, id, spec.CopyIn, cancellationToken);

        await client.StartContainerAsync(id, cancellationToken);
        return image;
    }

    /// <summary>How far creating a container got.</summary>
    private sealed class Creation(string name)
    {
        public string Name => name;

        /// <summary>The create call was sent (the engine may have acted on it even if it did not answer).</summary>
        public bool Attempted { get; set; }

        public string? Id { get; set; }

        /// <summary>By id when known; by name when the create call was interrupted after the engine acted on it.</summary>
        public string? CleanupTarget => Id ?? (Attempted ? Name : null);
    }

    private ContainerCreateOptions CreateOptions(ContainerSpec spec, string name, string cellId)
    {
        Dictionary<string, string> labels = spec.Labels.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach ((string key, string value) in owner.Labels(cellId == "-" ? null : cellId))
        {
            // Ownership labels cannot be overridden by the spec; the run id can: a sweep labels
            // its cells with the bench's run name, which the process's owner record does not know.
            if (key != ManagedLabels.Run || !labels.ContainsKey(key))
            {
                labels[key] = value;
            }
        }

        return new ContainerCreateOptions(spec.Image)
        {
            Name = name,
            // Entrypoint = argv[0] so the argv runs exactly, whatever ENTRYPOINT the image declares.
            Entrypoint = spec.Command.Count == 0 ? null : [spec.Command[0]],
            Cmd = spec.Command.Count <= 1 ? [] : spec.Command.Skip(1).ToList(),
            User = spec.User,
            WorkingDir = spec.WorkingDirectory,
            Env = spec.Environment,
            Labels = labels,
            NetworkMode = spec.NetworkEnabled ? "bridge" : "none",
            Mounts = spec.Mounts.Select(m => new ContainerMount(m.HostPath, m.ContainerPath, m.ReadOnly)).ToList(),
            NanoCpus = (long)Math.Round(spec.Limits.Cpus * 1e9),
            MemoryBytes = spec.Limits.MemoryBytes,
            PidsLimit = spec.Limits.Pids,
            // Docker mounts tmpfs noexec unless told otherwise; agents and graders compile and run binaries in /tmp.
            Tmpfs = spec.Limits.TmpfsBytes > 0
                ? new Dictionary<string, string> { ["/tmp"] = $"rw,exec,nosuid,nodev,size={spec.Limits.TmpfsBytes},mode=1777" }
                : new Dictionary<string, string>(),
            CapDrop = ["ALL"],
            CapAdd = spec.CapAdd,
            SecurityOpt = ["no-new-privileges"],
            Init = _options.UseInit,
        };
    }

    /// <summary>Waits for exit; at the timeout kills the container. Returns true when it was killed for the timeout.</summary>
    private async Task<bool> WaitAsync(string id, TimeSpan timeout, string cellId, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await client.WaitContainerAsync(id, linked.Token);
            return false;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // False when it exited by itself just as the deadline passed.
            bool killed = await client.KillContainerAsync(id, "KILL", cancellationToken);
            await client.WaitContainerAsync(id, cancellationToken);
            if (killed)
            {
                Log.ContainerTimedOut(logger, cellId, id, timeout);
            }

            return killed;
        }
    }

    private async Task CleanupAsync(Func<CancellationToken, Task> action, string cellId, string containerId)
    {
        // Not the caller's token: cleanup must run after cancellation too, but not forever.
        using var bounded = new CancellationTokenSource(_options.CleanupTimeout, _time);
        try
        {
            await action(bounded.Token);
        }
        catch (Exception ex) when (ex is DockerException or OperationCanceledException)
        {
            Log.ContainerRemoveFailed(logger, ex, cellId, containerId);
        }
    }

    private static string ContainerName(string suffix)
    {
        var safe = new string(suffix.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '-').ToArray()).Trim('-', '.');
        if (safe.Length > 80)
        {
            safe = safe[..80];
        }

        string random = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        return safe.Length == 0 ? $"hb-{random}" : $"hb-{safe}-{random}";
    }

    private sealed record Outcome(string ImageId, ContainerInfo Info, bool TimedOut)
    {
        public string? CopyOutLimit { get; init; }
    }
}
