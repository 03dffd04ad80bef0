using System.Globalization;
using System.Security.Cryptography;
using Docker.DotNet.Models;
using ContainerSpec = HarnessBench.Core.Runtime.ContainerSpec;

namespace HarnessBench.Docker.Swarm;

/// <summary>
/// Turns a <see cref="ContainerSpec"/> into the Swarm objects of one cell container: a per-container
/// internal overlay network and a one-shot replicated job. Pure: no engine calls, so the mapping is
/// unit-tested field by field.
/// </summary>
internal static class SwarmJobSpec
{
    /// <summary>Written into the task's container (by archive) once its inputs are in place; the gate then runs the command.</summary>
    public const string ReleaseMarker = "/.hb-release";

    /// <summary>
    /// The job's entrypoint: wait for the release marker, then run the real argv with no_new_privs set
    /// (services cannot ask for <c>no-new-privileges</c> on this engine; setpriv sets the same process
    /// flag, which every descendant inherits). The inputs must be in place before the command runs,
    /// and a job cannot be created stopped, so it starts gated.
    /// </summary>
    public static readonly string Gate =
        $"while [ ! -e {ReleaseMarker} ]; do sleep 0.05; done; exec setpriv --no-new-privs -- \"$@\"";

    /// <summary>A unique, DNS-safe object name (service and network names are limited to 63 characters).</summary>
    public static string Name(string suffix)
    {
        var safe = new string(suffix.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' ? char.ToLowerInvariant(c) : '-').ToArray()).Trim('-');
        if (safe.Length > 40) safe = safe[..40].TrimEnd('-');
        string random = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        return safe.Length == 0 ? $"hb-{random}" : $"hb-{safe}-{random}";
    }

    /// <summary>
    /// The cell's network: overlay (the only driver a service can join besides the host's), internal (no
    /// gateway, no route out), attachable, with no other member. Swarm has no <c>--network none</c>.
    /// </summary>
    public static NetworksCreateParameters Network(string name, IReadOnlyDictionary<string, string> labels) => new()
    {
        Name = name,
        Driver = "overlay",
        Internal = true,
        Attachable = true,
        Labels = labels.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
    };

    /// <param name="argv">The command to run after the gate (the spec's, or the image's entrypoint and cmd).</param>
    /// <param name="replicatedJob">
    /// Mode <c>replicated-job</c> (one completion) instead of one replica that is never restarted. Both run
    /// the command exactly once. Off by default because on Docker 20.10 a job's tasks outlive the removed
    /// service with desired state "complete", and the constraint enforcer keeps counting their reservations:
    /// after a few cells every new job is rejected "assigned node no longer meets constraints" (measured
    /// here); a replicated service's tasks are deleted with it.
    /// </param>
    /// <param name="constraints">Placement constraints (<see cref="SwarmRuntimeOptions.Constraints"/>).</param>
    /// <param name="reserve">
    /// Reserve the limits. Off for a job prepared ahead (the grader, gated while its cell's agent runs): its
    /// cell's agent job holds the cell's reservation, and only one of the two runs at a time. Reserving both
    /// deadlocks a full node: at -j 2 on two CPUs the two waiting graders took both and the agents stayed
    /// Pending ("insufficient resources"), which is how a swarm end-to-end sweep found it.
    /// </param>
    public static ServiceCreateParameters Service(ContainerSpec spec, string name, string networkId, IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> labels, bool replicatedJob = false, IReadOnlyList<string>? constraints = null, bool reserve = true)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var limits = spec.Limits;
        long nanoCpus = (long)Math.Round(limits.Cpus * 1e9);
        var containerSpec = new global::Docker.DotNet.Models.ContainerSpec
        {
            Image = spec.Image,
            Command = ["/bin/sh", "-c", Gate, "hb-gate", .. argv],
            Dir = spec.WorkingDirectory,
            User = spec.User,
            Env = [.. spec.Environment.Select(p => $"{p.Key}={p.Value}")],
            Labels = Copy(labels),
            Init = true,
            CapabilityDrop = ["ALL"],
            CapabilityAdd = [.. spec.CapAdd],
            Mounts = [.. spec.Mounts.Select(m => new Mount { Type = "bind", Source = m.HostPath, Target = m.ContainerPath, ReadOnly = m.ReadOnly })],
            // A job that is killed must die at once: the timeout already was the grace period.
            StopGracePeriod = TimeSpan.FromSeconds(1),
        };
        return new ServiceCreateParameters
        {
            Service = new ServiceSpec
            {
                Name = name,
                Labels = Copy(labels),
                Mode = replicatedJob
                    ? new ServiceMode { ReplicatedJob = new ReplicatedJob { MaxConcurrent = 1, TotalCompletions = 1 } }
                    : new ServiceMode { Replicated = new ReplicatedService { Replicas = 1 } },
                TaskTemplate = new TaskSpec
                {
                    ContainerSpec = containerSpec,
                    // Reservations = limits: the scheduler places a cell only where its CPU and memory are free.
                    // A prepared job reserves nothing (see reserve).
                    Resources = new ResourceRequirements
                    {
                        Limits = new SwarmLimit { NanoCPUs = nanoCpus, MemoryBytes = limits.MemoryBytes, Pids = limits.Pids },
                        Reservations = reserve ? new SwarmResources { NanoCPUs = nanoCpus, MemoryBytes = limits.MemoryBytes } : null,
                    },
                    RestartPolicy = new SwarmRestartPolicy { Condition = "none", MaxAttempts = 0 },
                    Networks = [new NetworkAttachmentConfig { Target = networkId }],
                    Placement = constraints is { Count: > 0 } ? new Placement { Constraints = [.. constraints] } : null,
                },
                // No virtual IP, no load balancer: the job's network has exactly one member.
                EndpointSpec = new EndpointSpec { Mode = "dnsrr" },
            },
        };
    }

    /// <summary>Engine timestamps ("2026-12-03T10:11:12.123456789Z"); null for the zero time or garbage.</summary>
    public static DateTimeOffset? Timestamp(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && at.Year > 1
            ? at
            : null;

    private static Dictionary<string, string> Copy(IReadOnlyDictionary<string, string> labels) =>
        labels.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
