namespace HarnessBench.Docker;

/// <summary>Where the Docker engine listens: a unix socket or a plain TCP address.</summary>
internal sealed record DockerEndpoint
{
    public const string DefaultSocketPath = "/var/run/docker.sock";

    private DockerEndpoint(string? socketPath, string? host, int port)
    {
        SocketPath = socketPath;
        Host = host;
        Port = port;
    }

    public static DockerEndpoint Default { get; } = Unix(DefaultSocketPath);

    /// <summary>Unix socket path, or null for TCP.</summary>
    public string? SocketPath { get; }

    public string? Host { get; }

    public int Port { get; }

    public bool IsUnixSocket => SocketPath is not null;

    /// <summary>The endpoint as Docker.DotNet takes it: unix:///path or tcp://host:port.</summary>
    public Uri Uri => new(ToString());

    public static DockerEndpoint Unix(string socketPath) => new(socketPath, null, 0);

    public static DockerEndpoint Tcp(string host, int port) => new(null, host, port);

    /// <summary>The endpoint of an engine address given as a URI (unix:///path, or tcp:// or http:// host and port).</summary>
    public static DockerEndpoint FromUri(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.Scheme == "unix" ? Unix(uri.AbsolutePath) : Tcp(uri.Host, uri.Port);
    }

    /// <summary>Reads DOCKER_HOST; unset or empty means the default unix socket.</summary>
    public static DockerEndpoint FromEnvironment() => Parse(Environment.GetEnvironmentVariable("DOCKER_HOST"));

    /// <summary>Parses a DOCKER_HOST value: <c>unix:///path</c> or <c>tcp://host:port</c>.</summary>
    public static DockerEndpoint Parse(string? dockerHost)
    {
        if (string.IsNullOrWhiteSpace(dockerHost))
        {
            return Default;
        }

        string value = dockerHost.Trim();
        if (value.StartsWith("unix://", StringComparison.Ordinal))
        {
            string path = value["unix://".Length..];
            if (path.Length == 0 || path[0] != '/')
            {
                throw new DockerException(
                    $"DOCKER_HOST={value} is not a valid unix socket address. Fix it: use an absolute path such as unix:///var/run/docker.sock, or unset DOCKER_HOST.");
            }

            return Unix(path);
        }

        if (value.StartsWith("tcp://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate("http://" + value["tcp://".Length..], UriKind.Absolute, out Uri? uri) || uri.Host.Length == 0)
            {
                throw new DockerException(
                    $"DOCKER_HOST={value} is not a valid TCP address. Fix it: use tcp://host:port, or unset DOCKER_HOST to use {Default}.");
            }

            // 2375 is the engine's conventional plain-HTTP port; TLS (2376) is not supported.
            return Tcp(uri.Host, uri.IsDefaultPort && !value.EndsWith(":80", StringComparison.Ordinal) ? 2375 : uri.Port);
        }

        throw new DockerException(
            $"DOCKER_HOST={value} uses an unsupported scheme. Fix it: use unix:///path/to/docker.sock or tcp://host:port (plain HTTP), or unset DOCKER_HOST.");
    }

    public override string ToString() => IsUnixSocket ? "unix://" + SocketPath : $"tcp://{Host}:{Port}";
}
