using System.Net;
using System.Net.Sockets;
using Docker.DotNet;
using HarnessBench.Core.Runtime;
using HarnessBench.Docker.Archives;
using HarnessBench.Docker.Swarm;
using Microsoft.Extensions.Logging.Abstractions;

namespace HarnessBench.Docker.Tests.Swarm;

/// <summary>
/// A node engine's failure reaches a Swarm job through the adapter (<see cref="DockerException"/>), a
/// manager's straight from Docker.DotNet: both must read as the Swarm backend has always said them.
/// </summary>
public sealed class SwarmErrorsTests : IDisposable
{
    private const string Body = "{\"message\":\"Container abc is not running\"}\n";
    private static readonly DockerEndpoint Node = DockerEndpoint.Unix("/run/hbench-node2/docker.sock");
    private readonly SwarmEngines _engines = new(new Uri("unix:///nowhere/docker.sock"));
    private readonly SwarmJob _job;

    public SwarmErrorsTests() => _job = new SwarmJob(_engines, "hb-cell-1234", "c", NullLogger.Instance, TimeProvider.System);

    public void Dispose() => _engines.Dispose();

    [Fact]
    public void A_refused_exec_names_the_job_the_status_and_the_engine_answer()
    {
        var api = new DockerApiException(HttpStatusCode.Conflict, Body);

        Exception error = SwarmErrors.ExecFailed(Adapted(api), _job);

        Assert.IsType<ContainerRuntimeException>(error);
        Assert.Equal("exec in Swarm job hb-cell-1234 failed (409: {\"message\":\"Container abc is not running\"})", error.Message);
        Assert.Same(api, error.InnerException);
    }

    [Fact]
    public void A_lost_node_engine_is_a_backend_failure_whether_the_connect_or_the_request_broke()
    {
        var reset = new IOException("Connection reset by peer");
        var refused = new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused));

        Exception duringRequest = SwarmErrors.ExecFailed(DockerErrors.RequestFailed("exec output in abc", Node, reset), _job);
        Exception atConnect = SwarmErrors.ExecFailed(DockerErrors.Transport(Node, refused), _job);

        Assert.IsType<BackendFailureException>(duringRequest);
        Assert.Equal("lost the engine of node  running job hb-cell-1234 (Connection reset by peer)", duringRequest.Message);
        Assert.Same(reset, duringRequest.InnerException);
        Assert.IsType<BackendFailureException>(atConnect);
        Assert.Same(refused, atConnect.InnerException);
        Assert.Same(refused, SwarmErrors.LostEngine(refused));
        Assert.Same(reset, SwarmErrors.LostEngine(DockerErrors.RequestFailed("container wait for abc", Node, reset)));
        Assert.Null(SwarmErrors.LostEngine(Adapted(new DockerApiException(HttpStatusCode.NotFound, Body))));
    }

    [Fact]
    public void A_node_engine_lost_during_copies_logs_or_inspection_is_a_backend_failure_not_an_infra_error()
    {
        // Measured when a node was killed mid-sweep (SwarmNodeLossTests): the copy-in's stat broke, the next call was refused.
        var broke = new HttpRequestException("The requested failed, see inner exception for details.", new InvalidOperationException("Sequence contains no elements"));
        var refused = new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused));

        Exception duringStat = SwarmErrors.Translate(DockerErrors.RequestFailed("path stat of /opt in abc", Node, broke), _job)!;
        Exception atConnect = SwarmErrors.Translate(DockerErrors.Transport(Node, refused), _job)!;

        Assert.IsType<BackendFailureException>(duringStat);
        Assert.StartsWith("lost the engine of node  running job hb-cell-1234", duringStat.Message, StringComparison.Ordinal);
        Assert.IsType<BackendFailureException>(atConnect);
        Assert.Same(refused, atConnect.InnerException);
    }

    [Fact]
    public void A_refusal_reads_the_same_from_the_manager_and_through_a_node_adapter()
    {
        var api = new DockerApiException(HttpStatusCode.BadRequest, "{\"message\":\"bad\"}");

        Exception direct = SwarmErrors.Translate(api, _job)!;
        Exception adapted = SwarmErrors.Translate(Adapted(api), _job)!;

        Assert.Equal(direct.GetType(), adapted.GetType());
        Assert.Equal(direct.Message, adapted.Message);
        Assert.Same(api, adapted.InnerException);
        Assert.StartsWith("The Swarm manager refused to create job hb-cell-1234 (400: {\"message\":\"bad\"}).", direct.Message, StringComparison.Ordinal);
        Assert.IsType<ContainerRuntimeException>(SwarmErrors.Translate(new DockerApiException(HttpStatusCode.ServiceUnavailable, "This node is not a swarm manager."), _job));
    }

    [Fact]
    public void An_unsafe_copy_out_is_refused_and_other_failures_pass_as_they_are()
    {
        Exception unsafeEntry = SwarmErrors.Translate(new UnsafeArchiveEntryException("../x", "it escapes"), _job)!;

        Assert.IsType<ContainerRuntimeException>(unsafeEntry);
        Assert.StartsWith("Copying files out of job hb-cell-1234 was refused: Refused unsafe archive entry '../x'", unsafeEntry.Message, StringComparison.Ordinal);
        Assert.Null(SwarmErrors.Translate(new BackendFailureException("lost"), _job));
        Assert.Null(SwarmErrors.Translate(new OperationCanceledException(), _job));
    }

    /// <summary>What the adapter makes of an engine's refusal (see DockerClient.Translate).</summary>
    private static DockerException Adapted(DockerApiException api) =>
        DockerErrors.FromResponse("exec create in abc", api.StatusCode, DockerErrors.EngineMessage(api.ResponseBody), api);
}
