namespace HarnessBench.Gateway;

/// <summary>Where the gateway listens and how containers reach it.</summary>
/// <param name="SocketDirectory">Directory of gateway.sock (bind-mounted read-only at /run/hbench); null = no unix socket.</param>
/// <param name="TcpPort">TCP port (0 = any free port) on <see cref="TcpAddress"/>; null = no TCP listener. For tests and remote engines.</param>
public sealed record GatewayOptions(string? SocketDirectory, int? TcpPort = null)
{
    /// <summary>
    /// The address of the TCP listener: loopback, or the swarm manager's advertise address when the Swarm
    /// backend's per-node relays forward to it (cell tokens, 128-bit path secrets, are the only key).
    /// </summary>
    public System.Net.IPAddress TcpAddress { get; init; } = System.Net.IPAddress.Loopback;

    /// <summary>The socket's file name inside <see cref="SocketDirectory"/>.</summary>
    public const string SocketFileName = "gateway.sock";

    /// <summary>Where the socket directory is mounted in agent containers.</summary>
    public const string ContainerMountPath = "/run/hbench";

    /// <summary>Base URL of the socat relay inside the agent container.</summary>
    public string ContainerBaseUrl { get; init; } = "http://127.0.0.1:8080";

    /// <summary>Upper bound on one upstream request (long generations included).</summary>
    public TimeSpan UpstreamTimeout { get; init; } = TimeSpan.FromMinutes(30);

    public string? SocketPath => SocketDirectory is null ? null : Path.Combine(SocketDirectory, SocketFileName);

    /// <summary>The container-side command that relays 127.0.0.1:8080 to the mounted socket.</summary>
    public static string RelayCommand(int port = 8080) =>
        $"socat TCP-LISTEN:{port},bind=127.0.0.1,fork,reuseaddr UNIX-CONNECT:{ContainerMountPath}/{SocketFileName}";

    /// <summary>
    /// POSIX sh run before the agent: fails loudly without socat, starts the relay in the
    /// background and waits (up to 5 s) until it listens, so the harness's first request cannot race it.
    /// </summary>
    public static string RelayScript(int port = 8080) =>
        $$"""
        command -v socat >/dev/null 2>&1 || { echo "hbench: socat is missing from the agent image; the model gateway cannot be reached" >&2; exit 97; }
        {{RelayCommand(port)}} &
        i=0; while [ $i -lt 100 ] && ! grep -q ':{{port:X4}} 00000000:0000 0A' /proc/net/tcp 2>/dev/null; do sleep 0.05; i=$((i+1)); done
        """;
}
