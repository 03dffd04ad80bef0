using System.Net;
using HarnessBench.Docker.Wire;

namespace HarnessBench.Docker;

internal sealed partial class DockerClient
{
    /// <summary>POST /networks/create. Returns the network id.</summary>
    public async Task<string> CreateNetworkAsync(NetworkCreateOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var body = new NetworkCreateBody
        {
            Name = options.Name,
            Driver = options.Driver,
            Internal = options.Internal,
            Labels = Copy(options.Labels),
        };
        using HttpResponseMessage response = await SendAsync(HttpMethod.Post, "networks/create", ToJson(body, Json.NetworkCreateBody), ct);
        await EnsureSuccessAsync(response, $"network create of {options.Name}", ct);
        IdBody created = await ReadJsonAsync(response, Json.IdBody, ct);
        return created.Id ?? throw new DockerException("Docker engine created a network but sent no id. Check the engine version.");
    }

    /// <summary>DELETE /networks/{id}. A missing network is not an error.</summary>
    public async Task RemoveNetworkAsync(string idOrName, CancellationToken ct)
    {
        using HttpResponseMessage response = await SendAsync(HttpMethod.Delete, $"networks/{Segment(idOrName)}", null, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return;
        }

        await EnsureSuccessAsync(response, $"network removal of {idOrName}", ct);
    }

    /// <summary>GET /networks filtered by labels (null value = label exists); null lists all.</summary>
    public async Task<IReadOnlyList<NetworkSummary>> ListNetworksAsync(IReadOnlyDictionary<string, string?>? labels, CancellationToken ct)
    {
        using HttpResponseMessage response = await SendAsync(HttpMethod.Get, Url("networks", ("filters", LabelFilter(labels))), null, ct);
        await EnsureSuccessAsync(response, "network list", ct);
        List<NetworkBody> body = await ReadJsonAsync(response, Json.ListNetworkBody, ct);
        return body
            .Select(n => new NetworkSummary(
                n.Id ?? "",
                n.Name ?? "",
                n.Driver ?? "",
                n.Internal,
                n.Labels ?? [],
                (n.IPAM?.Config ?? []).Select(c => c.Gateway).OfType<string>().Where(g => g.Length > 0).ToList()))
            .ToList();
    }
}
