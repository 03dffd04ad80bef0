using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace HarnessBench.TestSupport;

/// <summary>
/// A Python script for isolation tests, run inside a sandboxed container: argv[1] is the cell's gateway
/// token (the model list must answer through the socket relay on 127.0.0.1:8080), the rest are
/// HOST:PORT targets that must not answer. Prints MODELS, DEFAULT-ROUTE or NO-DEFAULT-ROUTE, then
/// OPEN or BLOCKED per target.
/// </summary>
public static class NetworkProbe
{
    public const string Script = """
        import json, socket, sys, urllib.request
        req = urllib.request.Request("http://127.0.0.1:8080/c/" + sys.argv[1] + "/v1/models")
        with urllib.request.urlopen(req, timeout=10) as r:
            print("MODELS", r.status, json.loads(r.read().decode())["data"][0]["id"])
        routes = [l.split()[1] for l in open("/proc/net/route").read().splitlines()[1:]]
        print("DEFAULT-ROUTE" if "00000000" in routes else "NO-DEFAULT-ROUTE", len(routes))
        for target in sys.argv[2:]:
            host, port = target.rsplit(":", 1)
            try:
                socket.create_connection((host, int(port)), timeout=3).close(); print("OPEN", target)
            except OSError:
                print("BLOCKED", target)
        """;

    /// <summary>The host's own IPv4 addresses (docker0, docker_gwbridge and the machine's interfaces): targets a sandbox must not reach.</summary>
    public static IEnumerable<string> HostAddresses() => NetworkInterface.GetAllNetworkInterfaces()
        .SelectMany(i => i.GetIPProperties().UnicastAddresses)
        .Select(a => a.Address)
        .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
        .Select(a => a.ToString())
        .Distinct();
}
