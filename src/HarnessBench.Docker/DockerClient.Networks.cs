using Docker.DotNet.Models;

namespace HarnessBench.Docker;

internal sealed partial class DockerClient
{
    /// <summary>Creates a network. Returns its id.</summary>
    public async Task<string> CreateNetworkAsync(NetworkCreateOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var parameters = new NetworksCreateParameters
        {
            Name = options.Name,
            Driver = options.Driver,
            Internal = options.Internal,
            Labels = Copy(options.Labels),
        };
        NetworksCreateResponse created = await CallAsync($"network create of {options.Name}", (engine, t) => engine.Networks.CreateNetworkAsync(parameters, t), ct);
        return string.IsNullOrEmpty(created.ID)
            ? throw new DockerException("Docker engine created a network but sent no id. Check the engine version.")
            : created.ID;
    }

    /// <summary>Removes a network. A missing network is not an error.</summary>
    public Task RemoveNetworkAsync(string idOrName, CancellationToken ct) =>
        FindAsync($"network removal of {idOrName}", async (engine, t) =>
        {
            await engine.Networks.DeleteNetworkAsync(idOrName, t);
            return idOrName;
        }, ct);

    /// <summary>Lists networks filtered by labels (null value = label exists); null lists all.</summary>
    public async Task<IReadOnlyList<NetworkSummary>> ListNetworksAsync(IReadOnlyDictionary<string, string?>? labels, CancellationToken ct)
    {
        var parameters = new NetworksListParameters { Filters = Filters(labels) };
        IList<NetworkResponse> body = await CallAsync("network list", (engine, t) => engine.Networks.ListNetworksAsync(parameters, t), ct);
        return [.. body.Select(n => new NetworkSummary(
            n.ID,
            n.Name,
            n.Driver,
            n.Internal,
            Copy(n.Labels),
            [.. (n.IPAM?.Config ?? []).Select(c => c.Gateway).OfType<string>().Where(g => g.Length > 0)]))];
    }
}
