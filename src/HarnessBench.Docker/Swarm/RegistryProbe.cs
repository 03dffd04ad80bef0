using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace HarnessBench.Docker.Swarm;

/// <summary>What doctor and the sweep's pre-flight learn about the swarm's registry.</summary>
/// <param name="Problem">Why it cannot be used (does not answer, untrusted certificate); null when it answers.</param>
/// <param name="HbenchImages">Tags under hbench/ repositories; null when unknown.</param>
internal sealed record RegistryState(string Address, string? Problem, int? HbenchImages);

/// <summary>
/// Asks the registry itself over HTTPS (the Distribution v2 API), trusting what the engine trusts for it:
/// the CA in <c>/etc/docker/certs.d/HOST:PORT/ca.crt</c> when present, else the system's roots. Reads
/// only: pushes and pulls go through the engines.
/// </summary>
internal static class RegistryProbe
{
    public const string CertsDirectory = "/etc/docker/certs.d";

    public static async Task<RegistryState> CheckAsync(string address, bool countImages, CancellationToken ct)
    {
        using HttpClient http = Client(address);
        try
        {
            using HttpResponseMessage ping = await http.GetAsync($"https://{address}/v2/", ct);
            if (!ping.IsSuccessStatusCode) return new RegistryState(address, $"https://{address}/v2/ answered {(int)ping.StatusCode}", null);
            return new RegistryState(address, null, countImages ? await CountHbenchTagsAsync(http, address, ct) : null);
        }
        catch (HttpRequestException ex)
        {
            string why = ex.InnerException is System.Security.Authentication.AuthenticationException
                ? $"its certificate is not trusted (put the registry's CA in {CertsDirectory}/{address}/ca.crt)"
                : ex.Message;
            return new RegistryState(address, why, null);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new RegistryState(address, $"https://{address}/v2/ did not answer within 5 s", null);
        }
    }

    private static async Task<int> CountHbenchTagsAsync(HttpClient http, string address, CancellationToken ct)
    {
        using JsonDocument catalog = JsonDocument.Parse(await http.GetStringAsync($"https://{address}/v2/_catalog?n=1000", ct));
        int count = 0;
        foreach (JsonElement repository in catalog.RootElement.GetProperty("repositories").EnumerateArray())
        {
            string name = repository.GetString() ?? "";
            if (!name.StartsWith("hbench/", StringComparison.Ordinal)) continue;
            using JsonDocument tags = JsonDocument.Parse(await http.GetStringAsync($"https://{address}/v2/{name}/tags/list", ct));
            count += tags.RootElement.TryGetProperty("tags", out JsonElement list) && list.ValueKind == JsonValueKind.Array ? list.GetArrayLength() : 0;
        }

        return count;
    }

    private static HttpClient Client(string address)
    {
        string caFile = Path.Combine(CertsDirectory, address, "ca.crt");
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) };
        if (File.Exists(caFile))
        {
            X509Certificate2 ca = X509CertificateLoader.LoadCertificateFromFile(caFile);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (errors == SslPolicyErrors.None) return true;
                if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            };
        }

        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
    }
}
