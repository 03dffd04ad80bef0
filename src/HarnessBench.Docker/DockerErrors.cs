using System.Net;
using System.Net.Sockets;
using System.Text.Json;

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

    /// <summary>The engine answered, but the request broke (the request body failed, or the engine dropped the connection).</summary>
    public static DockerException RequestFailed(string operation, DockerEndpoint endpoint, Exception exception)
    {
        string details = string.Join(" -> ", Chain(exception).Select(e => e.Message).Distinct());
        return new DockerException(
            $"Docker engine request ({operation}) failed at {endpoint}. Check the cause below and the engine's log (it may have restarted). Details: {details}",
            exception);
    }

    public static DockerException ImageMissing(string image, string? details = null) =>
        new($"Image {image} is missing. Build it: `{BuildImagesHint}`." + (details is null ? "" : $" Details: {details}"),
            HttpStatusCode.NotFound, details);

    public static DockerException FromResponse(string operation, HttpStatusCode status, string? engineMessage, Exception? innerException = null)
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
            engineMessage,
            innerException);
    }

    /// <summary>
    /// The "message" of the engine's error body ({"message": "..."}), else the body itself.
    /// Docker.DotNet hands the body over raw, and the message is what a user can act on.
    /// </summary>
    public static string? EngineMessage(string? responseBody)
    {
        if (string.IsNullOrWhiteSpace(responseBody))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(responseBody);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out JsonElement message)
                && message.ValueKind == JsonValueKind.String
                ? message.GetString()
                : responseBody.Trim();
        }
        catch (JsonException)
        {
            return responseBody.Trim();
        }
    }

    private static SocketException? FindSocketException(Exception? exception) =>
        Chain(exception).OfType<SocketException>().FirstOrDefault();

    private static IEnumerable<Exception> Chain(Exception? exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
