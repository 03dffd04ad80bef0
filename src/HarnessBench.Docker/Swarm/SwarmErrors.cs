using Docker.DotNet;
using HarnessBench.Core.Runtime;
using HarnessBench.Docker.Archives;

namespace HarnessBench.Docker.Swarm;

/// <summary>
/// What an engine failure means to a Swarm job. Manager calls (services, tasks, networks) fail with
/// Docker.DotNet's exceptions; container-level calls go through the node's <see cref="DockerClient"/>
/// adapter, whose <see cref="DockerException"/> carries Docker.DotNet's exception as its inner one.
/// Both read the same here (status and the engine's raw answer), so a failure says the same whichever
/// engine it came from.
/// </summary>
internal static class SwarmErrors
{
    /// <summary>
    /// What a failure of a job's launch, wait or collection becomes: an engine's refusal, a failed
    /// container-level call, an unsafe entry in a copy-out; null for anything else (it passes as it is).
    /// </summary>
    public static Exception? Translate(Exception ex, SwarmJob job) => ex switch
    {
        DockerApiException api => Refused(api, job),
        DockerException failed => Failed(failed, job),
        UnsafeArchiveEntryException refused => new ContainerRuntimeException($"Copying files out of job {job.Name} was refused: {refused.Message}", refused),
        _ => null,
    };

    /// <summary>An engine refused a call of the job: the swarm is gone, the job failed, or it could not be created.</summary>
    public static Exception Refused(DockerApiException ex, SwarmJob job) => (ex.ResponseBody ?? "").Contains("not a swarm manager", StringComparison.OrdinalIgnoreCase)
        ? new ContainerRuntimeException(SwarmStatus.NotActiveMessage, ex)
        : job.ServiceId is not null
            ? new BackendFailureException($"Swarm job {job.Name}: the engine refused a call ({(int)ex.StatusCode}: {ex.ResponseBody?.Trim()})", ex)
            : new ContainerRuntimeException($"The Swarm manager refused to create job {job.Name} ({(int)ex.StatusCode}: {ex.ResponseBody?.Trim()}). Fix: check `docker info` (Swarm: active) and `./hbench doctor`.", ex);

    /// <summary>
    /// A failed container-level call: a refusal as <see cref="Refused"/>; a connection that failed means the
    /// node running the job went away (a backend failure: rerun the cell, never a fail or an infra error);
    /// anything else as the local runtime says it.
    /// </summary>
    public static Exception Failed(DockerException ex, SwarmJob job) => ex.InnerException is DockerApiException api
        ? Refused(api, job)
        : LostEngine(ex) is { } lost
            ? new BackendFailureException($"lost the engine of node {job.NodeId} running job {job.Name} ({lost.Message}): the node went away or its engine stopped", lost)
            : new ContainerRuntimeException(ex.Message, ex);

    /// <summary>A failed exec: refused, or the node's engine lost (a backend failure: rerun the cell).</summary>
    public static Exception ExecFailed(DockerException ex, SwarmJob job) => ex.InnerException switch
    {
        DockerApiException api => new ContainerRuntimeException($"exec in Swarm job {job.Name} failed ({(int)api.StatusCode}: {api.ResponseBody?.Trim()})", api),
        HttpRequestException or IOException => new BackendFailureException($"lost the engine of node {job.NodeId} running job {job.Name} ({ex.InnerException.Message})", ex.InnerException),
        _ => new ContainerRuntimeException(ex.Message, ex),
    };

    /// <summary>The connection failure under an engine call (the manager's, or a node's through the adapter); null for any other failure.</summary>
    public static Exception? LostEngine(Exception ex) => ex switch
    {
        HttpRequestException or IOException => ex,
        DockerException { InnerException: HttpRequestException or IOException } => ex.InnerException,
        _ => null,
    };
}
