using System.Net;
using System.Net.Sockets;

namespace HarnessBench.Docker;

/// <summary>Builds fix-it messages: what happened, how to fix it, then details.</summary>
internal static class DockerErrors
{
    public const string BuildImagesHint = "./hbench images build";

    public static DockerException Transport(DockerEndpoint endpoint, HttpRequestException exception)
    {
        SocketException? socket = FindSocketException(exception);
        string details = socket is null ? exception.Message : $"{socket.SocketErrorCode}: {socket.Message}";
        if (socket?.SocketErrorCode == SocketError.AccessDenied)
        {
            return new DockerException(
                $"Permission denied on the Docker socket {endpoint}. " +
                "Fix it: run as root, or add your user to the `docker` group (`sudo usermod -aG docker $USER`, then log in again). " +
                $"Details: {details}",
                exception) { EngineUnreachable = true };
        }

        string missing = endpoint.IsUnixSocket && !File.Exists(endpoint.SocketPath) ? " (the socket file does not exist)" : "";
        return new DockerException(
            $"Docker engine is not reachable at {endpoint}{missing}. " +
            "Start it: `scripts/setup.sh` or `dockerd &` (as root), or point DOCKER_HOST at a running engine. " +
            $"Details: {details}",
            exception) { EngineUnreachable = true };
    }

    public static DockerException ImageMissing(string image, string? details = null) =>
        new($"Image {image} is missing. Build it: `{BuildImagesHint}`." + (details is null ? "" : $" Details: {details}"),
            HttpStatusCode.NotFound, details);

    public static DockerException FromResponse(string operation, HttpStatusCode status, string? engineMessage)
    {
        string hint = status switch
        {
            HttpStatusCode.NotFound => "Check that the object exists (it may have been removed concurrently).",
            HttpStatusCode.Conflict => "The object is in a conflicting state (name in use, not running, or being removed).",
            HttpStatusCode.BadRequest => "The request was rejected; check the container or image settings.",
            _ => "Check the engine's log (`journalctl -u docker` or /var/log/dockerd.log).",
        };
        string text = string.IsNullOrWhiteSpace(engineMessage) ? "(no message)" : engineMessage.Trim();
        return new DockerException(
            $"Docker engine refused {operation} (HTTP {(int)status} {status}). {hint} Details: {text}",
            status,
            engineMessage);
    }

    private static SocketException? FindSocketException(Exception? exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket)
            {
                return socket;
            }
        }

        return null;
    }
}
