using System.Net.Sockets;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Runtime;
using HarnessBench.Docker.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace HarnessBench.Docker.Tests.Engine;

/// <summary>No engine needed: these point at sockets that do not exist.</summary>
public sealed class EngineUnreachableTests
{
    [Fact]
    public async Task Client_on_a_missing_socket_throws_a_fix_it_message()
    {
        using var client = new DockerClient(DockerEndpoint.Unix("/nonexistent/harnessbench/docker.sock"));

        var error = await Assert.ThrowsAsync<DockerException>(() => client.PingAsync(CancellationToken.None));

        Assert.True(error.EngineUnreachable);
        Assert.StartsWith("Docker engine is not reachable at unix:///nonexistent/harnessbench/docker.sock (the socket file does not exist). Start it: `scripts/setup.sh` or `dockerd &`", error.Message, StringComparison.Ordinal);
        Assert.Contains("Details:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Socket_file_without_a_listener_is_reported_as_not_reachable()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("dead.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path)); // bound, never listening: connect is refused

        using var client = new DockerClient(DockerEndpoint.Unix(path));
        var error = await Assert.ThrowsAsync<DockerException>(() => client.VersionAsync(CancellationToken.None));

        Assert.StartsWith($"Docker engine is not reachable at unix://{path}. Start it:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Permission_denied_on_the_socket_says_how_to_get_access()
    {
        var cause = new HttpRequestException(HttpRequestError.ConnectionError, "Permission denied", new SocketException((int)SocketError.AccessDenied));

        DockerException error = DockerErrors.Transport(DockerEndpoint.Default, cause);

        Assert.StartsWith("Permission denied on the Docker socket unix:///var/run/docker.sock. Fix it:", error.Message, StringComparison.Ordinal);
        Assert.Contains("docker` group", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runtime_turns_an_unreachable_engine_into_a_ContainerRuntimeException()
    {
        using var dir = new TempDirectory();
        using var client = new DockerClient(DockerEndpoint.Unix("/nonexistent/harnessbench/docker.sock"));
        var runtime = new DockerContainerRuntime(client, RuntimeOwner.ForCurrentProcess("unit"), NullLogger<DockerContainerRuntime>.Instance);
        var spec = SandboxSpecs.Create("any:1", ["true"], "t", TimeSpan.FromSeconds(5), SandboxLimits.Default, dir.Combine("o"), dir.Combine("e"));

        var error = await Assert.ThrowsAsync<ContainerRuntimeException>(() => runtime.RunAsync(spec, CancellationToken.None));

        Assert.StartsWith("Docker engine is not reachable", error.Message, StringComparison.Ordinal);
        Assert.IsType<DockerException>(error.InnerException);
    }
}
