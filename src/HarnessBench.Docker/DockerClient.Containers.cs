using System.Net;
using HarnessBench.Docker.Logs;
using HarnessBench.Docker.Wire;

namespace HarnessBench.Docker;

internal sealed partial class DockerClient
{
    /// <summary>POST /containers/create. Returns the container id. A missing image throws the "build it" message.</summary>
    public async Task<string> CreateContainerAsync(ContainerCreateOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ContainerCreateBody body = ToBody(options);
        using HttpResponseMessage response = await SendAsync(
            HttpMethod.Post, Url("containers/create", ("name", options.Name)), ToJson(body, Json.ContainerCreateBody), ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw DockerErrors.ImageMissing(options.Image, await ReadErrorMessageAsync(response, ct));
        }

        await EnsureSuccessAsync(response, $"container create from {options.Image}", ct);
        IdBody created = await ReadJsonAsync(response, Json.IdBody, ct);
        string id = created.Id ?? throw new DockerException("Docker engine created a container but sent no id. Check the engine version.");
        foreach (string warning in created.Warnings ?? [])
        {
            Log.EngineWarning(_logger, id, warning);
        }

        return id;
    }

    public async Task StartContainerAsync(string id, CancellationToken ct)
    {
        using HttpResponseMessage response = await SendAsync(HttpMethod.Post, $"containers/{Segment(id)}/start", null, ct);
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            return; // already started
        }

        await EnsureSuccessAsync(response, $"container start of {id}", ct);
    }

    /// <summary>Blocks until the container is not running; returns its exit status.</summary>
    public async Task<long> WaitContainerAsync(string id, CancellationToken ct)
    {
        using HttpResponseMessage response = await SendAsync(
            HttpMethod.Post, Url($"containers/{Segment(id)}/wait", ("condition", "not-running")), null, ct);
        await EnsureSuccessAsync(response, $"container wait for {id}", ct);
        WaitBody body = await ReadJsonAsync(response, Json.WaitBody, ct);
        return body.StatusCode;
    }

    /// <summary>GET /containers/{id}/json; null when the container does not exist.</summary>
    public async Task<ContainerInfo?> InspectContainerAsync(string id, CancellationToken ct)
    {
        using HttpResponseMessage response = await SendAsync(HttpMethod.Get, $"containers/{Segment(id)}/json", null, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, $"container inspect of {id}", ct);
        ContainerInspectBody body = await ReadJsonAsync(response, Json.ContainerInspectBody, ct);
        ContainerStateBody state = body.State ?? new ContainerStateBody();
        return new ContainerInfo(
            body.Id ?? id,
            (body.Name ?? "").TrimStart('/'),
            body.Image ?? "",
            body.Config?.Labels ?? [],
            new ContainerState(
                state.Status ?? "",
                state.Running,
                state.OomKilled,
                state.ExitCode,
                string.IsNullOrEmpty(state.Error) ? null : state.Error,
                ParseTime(state.StartedAt),
                ParseTime(state.FinishedAt)));
    }

    /// <summary>Sends a signal. Returns false when the container is gone or not running (nothing to kill).</summary>
    public async Task<bool> KillContainerAsync(string id, string signal, CancellationToken ct)
    {
        using HttpResponseMessage response = await SendAsync(
            HttpMethod.Post, Url($"containers/{Segment(id)}/kill", ("signal", signal)), null, ct);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            return false;
        }

        await EnsureSuccessAsync(response, $"container kill of {id}", ct);
        return true;
    }

    /// <summary>DELETE /containers/{id}. A container that is already gone (or being removed) is not an error.</summary>
    public async Task RemoveContainerAsync(string id, bool force, bool removeVolumes, CancellationToken ct)
    {
        using HttpResponseMessage response = await SendAsync(
            HttpMethod.Delete,
            Url($"containers/{Segment(id)}", ("force", force ? "1" : "0"), ("v", removeVolumes ? "1" : "0")),
            null,
            ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return;
        }

        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            string? message = await ReadErrorMessageAsync(response, ct);
            if (message?.Contains("already in progress", StringComparison.OrdinalIgnoreCase) == true)
            {
                return;
            }

            throw DockerErrors.FromResponse($"container removal of {id}", response.StatusCode, message);
        }

        await EnsureSuccessAsync(response, $"container removal of {id}", ct);
    }

    /// <summary>GET /containers/json (all states) filtered by labels; a null value matches "label exists".</summary>
    public async Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(IReadOnlyDictionary<string, string?>? labels, CancellationToken ct)
    {
        using HttpResponseMessage response = await SendAsync(
            HttpMethod.Get, Url("containers/json", ("all", "1"), ("filters", LabelFilter(labels))), null, ct);
        await EnsureSuccessAsync(response, "container list", ct);
        List<ContainerSummaryBody> body = await ReadJsonAsync(response, Json.ListContainerSummaryBody, ct);
        return body
            .Select(c => new ContainerSummary(
                c.Id ?? "",
                (c.Names ?? []).Select(n => n.TrimStart('/')).ToList(),
                c.Image ?? "",
                c.ImageID ?? "",
                c.State ?? "",
                c.Labels ?? []))
            .ToList();
    }

    /// <summary>
    /// Copies a (non-TTY) container's complete stdout and stderr into two streams, each capped at
    /// <paramref name="maxBytesPerStream"/>; the rest is read and counted as dropped.
    /// </summary>
    public async Task<DemuxResult> GetLogsAsync(string id, Stream stdout, Stream stderr, long maxBytesPerStream, CancellationToken ct)
    {
        using HttpResponseMessage response = await SendAsync(
            HttpMethod.Get, Url($"containers/{Segment(id)}/logs", ("stdout", "1"), ("stderr", "1"), ("follow", "0")), null, ct);
        await EnsureSuccessAsync(response, $"log read of {id}", ct);
        await using Stream stream = await response.Content.ReadAsStreamAsync(ct);
        return await StreamDemuxer.CopyAsync(stream, stdout, stderr, maxBytesPerStream, ct);
    }

    private static ContainerCreateBody ToBody(ContainerCreateOptions o) => new()
    {
        Image = o.Image,
        Cmd = o.Cmd.Count == 0 ? null : [.. o.Cmd],
        Entrypoint = o.Entrypoint is null ? null : o.Entrypoint.Count == 0 ? [""] : [.. o.Entrypoint],
        User = o.User,
        WorkingDir = o.WorkingDir,
        Env = o.Env.Count == 0 ? null : o.Env.Select(e => $"{e.Key}={e.Value}").ToList(),
        Labels = Copy(o.Labels),
        HostConfig = new HostConfigBody
        {
            NetworkMode = o.NetworkMode,
            CapDrop = o.CapDrop.Count == 0 ? null : [.. o.CapDrop],
            CapAdd = o.CapAdd.Count == 0 ? null : [.. o.CapAdd],
            SecurityOpt = o.SecurityOpt.Count == 0 ? null : [.. o.SecurityOpt],
            NanoCpus = o.NanoCpus,
            Memory = o.MemoryBytes,
            // Equal to Memory: the container gets no swap, so a memory hog is OOM-killed instead of thrashing.
            MemorySwap = o.MemoryBytes,
            PidsLimit = o.PidsLimit,
            Tmpfs = o.Tmpfs.Count == 0 ? null : Copy(o.Tmpfs),
            Mounts = o.Mounts.Count == 0
                ? null
                : o.Mounts.Select(m => new MountBody { Source = m.Source, Target = m.Target, ReadOnly = m.ReadOnly }).ToList(),
            Init = o.Init ? true : null,
        },
    };
}
