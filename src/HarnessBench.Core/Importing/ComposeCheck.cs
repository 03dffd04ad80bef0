using HarnessBench.Core.Config;

namespace HarnessBench.Core.Importing;

/// <summary>
/// docker-compose.yaml: HarnessBench runs one sandboxed container per phase, so only a single plain
/// service maps (build, image name, command, the format's own variables and log mount). Anything a
/// sandboxed, offline container cannot have is refused with the exact reason.
/// </summary>
internal static class ComposeCheck
{
    private static readonly HashSet<string> Plain = new(StringComparer.Ordinal)
    {
        "build", "image", "container_name", "command", "environment", "volumes", "platform", "working_dir", "tty", "stdin_open", "init", "entrypoint", "restart",
    };

    private static readonly HashSet<string> Network = new(StringComparer.Ordinal) { "dns", "dns_search", "extra_hosts", "network_mode", "networks", "ports", "expose", "links" };

    /// <returns>Literal environment variables of the service (the format's own T_BENCH_/TEST_DIR ones left out).</returns>
    /// <param name="network">The service's network set-up (dns, extra_hosts...), refused later unless a sharper reason comes first.</param>
    public static IReadOnlyDictionary<string, string> Check(string path, out string? network)
    {
        var root = Yaml.Load(path);
        var services = Yaml.Get(root, "services") as YMapping
            ?? throw new ImportRefusedException(RefusalKind.NotATask, "docker-compose.yaml has no services");
        if (services.Entries.Count > 1)
        {
            throw new ImportRefusedException(RefusalKind.SeveralContainers,
                $"docker-compose.yaml defines {services.Entries.Count} services ({string.Join(", ", services.Entries.Select(e => e.Key.Value))}); HarnessBench runs one sandboxed container per phase");
        }
        var service = services.Entries[0].Value;
        var keys = Yaml.Keys(service);
        if (keys.Contains("runtime") || keys.Contains("gpus") || Yaml.Get(Yaml.Get(Yaml.Get(Yaml.Get(service, "deploy"), "resources"), "reservations"), "devices") is not null)
            throw new ImportRefusedException(RefusalKind.Gpus, "the compose service reserves GPUs (or a GPU runtime)");
        var networking = keys.Where(Network.Contains).ToList();
        network = networking.Count == 0 ? null : $"the compose service sets up networking ({string.Join(", ", networking)}); HarnessBench's containers run with no network";
        var other = keys.Where(k => !Plain.Contains(k) && !Network.Contains(k) && k != "deploy").ToList();
        if (other.Count > 0)
            throw new ImportRefusedException(RefusalKind.ContainerSettings, $"the compose service needs {string.Join(", ", other)}, which a sandboxed container does not get");
        foreach (var volume in Yaml.Texts(service, "volumes"))
        {
            if (!volume.Contains("LOGS_PATH", StringComparison.Ordinal))
                throw new ImportRefusedException(RefusalKind.ContainerSettings, $"the compose service mounts '{volume}' from the host");
        }
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        // environment: as a list of KEY=value or as a mapping.
        var entries = Yaml.Get(service, "environment") is YMapping map
            ? map.Entries.Select(e => $"{e.Key.Value}={(e.Value as YScalar)?.Value ?? ""}")
            : Yaml.Texts(service, "environment");
        foreach (var entry in entries)
        {
            var (key, value) = entry.Split('=', 2) is [var k, var v] ? (k, v) : (entry, "");
            if (key.StartsWith("T_BENCH", StringComparison.Ordinal) || key == "TEST_DIR" || value.Contains("T_BENCH", StringComparison.Ordinal)) continue;
            if (value.Contains("${", StringComparison.Ordinal))
                throw new ImportRefusedException(RefusalKind.ContainerSettings, $"the compose service takes {key} from the host's environment ({value})");
            environment[key] = value;
        }
        return environment;
    }
}
