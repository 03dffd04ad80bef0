using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using HarnessBench.Docker.Logs;

namespace HarnessBench.Docker;

internal sealed partial class DockerClient
{
    /// <summary>Creates a container. Returns its id. A missing image throws the "build it" message.</summary>
    public async Task<string> CreateContainerAsync(ContainerCreateOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        CreateContainerResponse created;
        try
        {
            created = await CallAsync(
                $"container create from {options.Image}", (engine, t) => engine.Containers.CreateContainerAsync(ToParameters(options), t), ct);
        }
        catch (DockerException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            throw DockerErrors.ImageMissing(options.Image, ex.EngineMessage);
        }

        if (string.IsNullOrEmpty(created.ID))
        {
            throw new DockerException("Docker engine created a container but sent no id. Check the engine version.");
        }

        foreach (string warning in created.Warnings ?? [])
        {
            Log.EngineWarning(_logger, created.ID, warning);
        }

        return created.ID;
    }

    /// <summary>Starts a container; one that is already running is not an error.</summary>
    public Task StartContainerAsync(string id, CancellationToken ct) =>
        CallAsync($"container start of {id}", (engine, t) => engine.Containers.StartContainerAsync(id, new ContainerStartParameters(), t), ct);

    /// <summary>Blocks until the container is not running; returns its exit status.</summary>
    public async Task<long> WaitContainerAsync(string id, CancellationToken ct)
    {
        ContainerWaitResponse response = await CallAsync($"container wait for {id}", (engine, t) => engine.Containers.WaitContainerAsync(id, t), ct);
        return response.StatusCode;
    }

    /// <summary>
    /// Sets a container's memory limit with swap equal to it (no swap), as create does; for containers
    /// created by someone else (a Swarm task's, whose service cannot say "no swap" on this engine).
    /// </summary>
    public Task SetMemoryLimitAsync(string id, long memoryBytes, CancellationToken ct)
    {
        var parameters = new ContainerUpdateParameters { Memory = memoryBytes, MemorySwap = memoryBytes };
        return CallAsync($"container update of {id}", (engine, t) => engine.Containers.UpdateContainerAsync(id, parameters, t), ct);
    }

    /// <summary>Sends a signal. Returns false when the container is gone or not running (nothing to kill).</summary>
    public async Task<bool> KillContainerAsync(string id, string signal, CancellationToken ct)
    {
        try
        {
            await CallAsync(
                $"container kill of {id}", (engine, t) => engine.Containers.KillContainerAsync(id, new ContainerKillParameters { Signal = signal }, t), ct);
            return true;
        }
        catch (DockerException ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    /// <summary>
    /// Writes one line to the stdin of a container created with <see cref="ContainerCreateOptions.OpenStdin"/>
    /// and closes it (stdin is single-use: the engine closes the container's end when this attach ends).
    /// </summary>
    public Task WriteStdinLineAsync(string id, CancellationToken ct) =>
        CallAsync($"stdin attach to {id}", async (engine, t) =>
        {
            using MultiplexedStream stdin = await engine.Containers.AttachContainerAsync(id, new ContainerAttachParameters { Stream = true, Stdin = true }, t);
            byte[] line = "\n"u8.ToArray();
            await stdin.WriteAsync(line, 0, line.Length, t);
            stdin.CloseWrite();
            return true;
        }, ct);

    /// <summary>Removes a container. One that is already gone (or being removed) is not an error.</summary>
    public async Task RemoveContainerAsync(string id, bool force, bool removeVolumes, CancellationToken ct)
    {
        var parameters = new ContainerRemoveParameters { Force = force, RemoveVolumes = removeVolumes };
        try
        {
            await CallAsync($"container removal of {id}", (engine, t) => engine.Containers.RemoveContainerAsync(id, parameters, t), ct);
        }
        catch (DockerException ex) when (ex.StatusCode == HttpStatusCode.NotFound
            || (ex.StatusCode == HttpStatusCode.Conflict && ex.EngineMessage?.Contains("already in progress", StringComparison.OrdinalIgnoreCase) == true))
        {
        }
    }

    /// <summary>Inspects a container; null when it does not exist.</summary>
    public async Task<ContainerInfo?> InspectContainerAsync(string id, CancellationToken ct)
    {
        ContainerInspectResponse? body = await FindAsync($"container inspect of {id}", (engine, t) => engine.Containers.InspectContainerAsync(id, t), ct);
        if (body is null)
        {
            return null;
        }

        State state = body.State ?? new State();
        return new ContainerInfo(
            string.IsNullOrEmpty(body.ID) ? id : body.ID,
            body.Name.TrimStart('/'),
            body.Image,
            Copy(body.Config?.Labels),
            new ContainerState(
                state.Status,
                state.Running,
                state.OOMKilled,
                (int)state.ExitCode,
                string.IsNullOrEmpty(state.Error) ? null : state.Error,
                ParseTime(state.StartedAt),
                ParseTime(state.FinishedAt)));
    }

    /// <summary>Lists containers in every state, filtered by labels; a null value matches "label exists".</summary>
    public async Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(IReadOnlyDictionary<string, string?>? labels, CancellationToken ct)
    {
        var parameters = new ContainersListParameters { All = true, Filters = Filters(labels) };
        IList<ContainerListResponse> body = await CallAsync("container list", (engine, t) => engine.Containers.ListContainersAsync(parameters, t), ct);
        return [.. body.Select(c => new ContainerSummary(
            c.ID,
            [.. (c.Names ?? []).Select(n => n.TrimStart('/'))],
            c.Image,
            c.ImageID,
            c.State,
            Copy(c.Labels)))];
    }

    /// <summary>
    /// Copies a (non-TTY) container's complete stdout and stderr into two streams, each capped at
    /// <paramref name="maxBytesPerStream"/>; the rest is read and counted as dropped.
    /// </summary>
    public async Task<OutputCopyResult> GetLogsAsync(string id, Stream stdout, Stream stderr, long maxBytesPerStream, CancellationToken ct)
    {
        var parameters = new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Follow = false };
        using MultiplexedStream logs = await CallAsync($"log read of {id}", (engine, t) => engine.Containers.GetContainerLogsAsync(id, parameters, t), ct);
        return await OutputCopy.CopyAsync(logs, stdout, stderr, maxBytesPerStream, ct);
    }

    private static CreateContainerParameters ToParameters(ContainerCreateOptions o) => new()
    {
        Name = o.Name,
        Image = o.Image,
        Cmd = o.Cmd.Count == 0 ? null : [.. o.Cmd],
        // An empty list clears the image's ENTRYPOINT; the engine takes [""] for that.
        Entrypoint = o.Entrypoint is null ? null : o.Entrypoint.Count == 0 ? [""] : [.. o.Entrypoint],
        User = o.User ?? "",
        WorkingDir = o.WorkingDir ?? "",
        Env = o.Env.Count == 0 ? null : [.. o.Env.Select(e => $"{e.Key}={e.Value}")],
        Labels = Copy(o.Labels),
        OpenStdin = o.OpenStdin,
        StdinOnce = o.OpenStdin,
        HostConfig = new HostConfig
        {
            NetworkMode = o.NetworkMode,
            CapDrop = o.CapDrop.Count == 0 ? null : [.. o.CapDrop],
            CapAdd = o.CapAdd.Count == 0 ? null : [.. o.CapAdd],
            SecurityOpt = o.SecurityOpt.Count == 0 ? null : [.. o.SecurityOpt],
            NanoCPUs = o.NanoCpus,
            Memory = o.MemoryBytes,
            // Equal to Memory: the container gets no swap, so a memory hog is OOM-killed instead of thrashing.
            MemorySwap = o.MemoryBytes,
            PidsLimit = o.PidsLimit,
            Tmpfs = o.Tmpfs.Count == 0 ? null : Copy(o.Tmpfs),
            Mounts = o.Mounts.Count == 0
                ? null
                : [.. o.Mounts.Select(m => new Mount { Type = "bind", Source = m.Source, Target = m.Target, ReadOnly = m.ReadOnly })],
            Init = o.Init ? true : null,
        },
    };
}
