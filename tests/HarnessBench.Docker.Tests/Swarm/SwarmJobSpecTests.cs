// The Docker.DotNet models are nullable throughout; a null where a value is expected fails the test anyway.
#pragma warning disable CS8602, CS8604

using HarnessBench.Core.Runtime;
using HarnessBench.Docker.Swarm;

namespace HarnessBench.Docker.Tests.Swarm;

/// <summary>The mapping of a sandbox spec onto a Swarm service and network, field by field.</summary>
public sealed class SwarmJobSpecTests
{
    private static readonly Dictionary<string, string> Labels = new() { [ManagedLabels.Managed] = "true", [ManagedLabels.Run] = "r", [ManagedLabels.Owner] = "h:1:2", [ManagedLabels.Cell] = "c" };

    private static readonly ContainerSpec Spec = new("hbench/python:abc", ["python3", "-c", "print(1)"], "cell", TimeSpan.FromMinutes(1),
        new SandboxLimits(1.5, 1L << 30, 256, 64L << 20), "/o", "/e")
    {
        User = "1000:1000",
        CapAdd = ["SETUID"],
        Environment = new Dictionary<string, string> { ["A"] = "b" },
        Mounts = [new BindMount("/run/user/hbench/s1", "/run/hbench")],
    };

    [Fact]
    public void Service_is_one_gated_never_restarted_replica_with_the_sandbox_of_the_spec()
    {
        var service = SwarmJobSpec.Service(Spec, "hb-cell-1", "net1", Spec.Command, Labels).Service;

        Assert.Equal(1UL, service.Mode.Replicated.Replicas);
        Assert.Null(service.Mode.ReplicatedJob);
        Assert.Equal("none", service.TaskTemplate.RestartPolicy.Condition);
        var container = service.TaskTemplate.ContainerSpec;
        Assert.Equal(["/bin/sh", "-c", SwarmJobSpec.Gate, "hb-gate", "python3", "-c", "print(1)"], container.Command);
        Assert.Contains(SwarmJobSpec.ReleaseMarker, SwarmJobSpec.Gate, StringComparison.Ordinal);
        Assert.Contains("setpriv --no-new-privs", SwarmJobSpec.Gate, StringComparison.Ordinal);
        Assert.Equal(("1000:1000", "/workspace", true), (container.User, container.Dir, container.Init));
        Assert.Equal(["ALL"], container.CapabilityDrop);
        Assert.Equal(["SETUID"], container.CapabilityAdd);
        Assert.Equal(["A=b"], container.Env);
        var mount = Assert.Single(container.Mounts);
        Assert.Equal(("bind", "/run/user/hbench/s1", "/run/hbench", true), (mount.Type, mount.Source, mount.Target, mount.ReadOnly == true));
        var resources = service.TaskTemplate.Resources;
        Assert.Equal((1_500_000_000L, 1L << 30, 256L), (resources.Limits.NanoCPUs, resources.Limits.MemoryBytes, resources.Limits.Pids));
        Assert.Equal((1_500_000_000L, 1L << 30), (resources.Reservations.NanoCPUs, resources.Reservations.MemoryBytes));
        Assert.Equal("net1", Assert.Single(service.TaskTemplate.Networks).Target);
        Assert.Equal("dnsrr", service.EndpointSpec.Mode);
        Assert.Equal(Labels, service.Labels);
        Assert.Equal(Labels, container.Labels);
    }

    [Fact]
    public void A_job_prepared_ahead_keeps_its_limits_but_reserves_nothing()
    {
        var resources = SwarmJobSpec.Service(Spec, "hb-cell-1", "net1", Spec.Command, Labels, reserve: false).Service.TaskTemplate.Resources;

        Assert.Equal((1_500_000_000L, 1L << 30, 256L), (resources.Limits.NanoCPUs, resources.Limits.MemoryBytes, resources.Limits.Pids));
        Assert.Null(resources.Reservations);
    }

    [Fact]
    public void Placement_constraints_are_set_only_when_given()
    {
        Assert.Null(SwarmJobSpec.Service(Spec, "hb-cell-1", "net1", Spec.Command, Labels).Service.TaskTemplate.Placement);
        Assert.Null(SwarmJobSpec.Service(Spec, "hb-cell-1", "net1", Spec.Command, Labels, constraints: []).Service.TaskTemplate.Placement);

        var placement = SwarmJobSpec.Service(Spec, "hb-cell-1", "net1", Spec.Command, Labels, constraints: ["node.labels.hbench==true"]).Service.TaskTemplate.Placement;

        Assert.Equal(["node.labels.hbench==true"], placement.Constraints);
    }

    [Theory]
    [InlineData("hbench/python:5f36361e8950", "hbench/python", "5f36361e8950")]
    [InlineData("hbench/task-foo:abc", "hbench/task-foo", "abc")]
    [InlineData("172.17.0.1:5000/hbench/python:5f36", "hbench/python", "5f36")]
    [InlineData("registry.example:443/team/img", "team/img", "latest")]
    [InlineData("localhost/x:1", "x", "1")]
    [InlineData("sha256:0123456789abcdef0123", "hbench/untagged", "0123456789ab")]
    public void An_image_goes_to_the_registry_under_its_repository_and_tag_without_a_registry_host(string image, string repository, string tag)
    {
        Assert.Equal((repository, tag), SwarmRegistry.RepositoryOf(image, "sha256:0123456789abcdef0123"));
    }

    [Fact]
    public void A_node_says_where_its_engine_is_by_node_label_first_then_engine_label()
    {
        static global::Docker.DotNet.Models.NodeListResponse Node(string? nodeLabel, string? engineLabel) => new()
        {
            Spec = new global::Docker.DotNet.Models.NodeUpdateParameters { Labels = nodeLabel is null ? [] : new Dictionary<string, string> { [SwarmEngines.EngineLabel] = nodeLabel } },
            Description = new global::Docker.DotNet.Models.NodeDescription
            {
                Engine = new global::Docker.DotNet.Models.EngineDescription { Labels = engineLabel is null ? [] : new Dictionary<string, string> { [SwarmEngines.EngineLabel] = engineLabel } },
            },
        };

        Assert.Equal(new Uri("unix:///a/docker.sock"), SwarmEngines.Endpoint(Node("unix:///a/docker.sock", "unix:///b/docker.sock")));
        Assert.Equal(new Uri("unix:///b/docker.sock"), SwarmEngines.Endpoint(Node(null, "unix:///b/docker.sock")));
        Assert.Null(SwarmEngines.Endpoint(Node(null, null)));
        Assert.Null(SwarmEngines.Endpoint(Node("not a uri", null)));
    }

    [Fact]
    public void Replicated_job_mode_is_one_completion_at_a_time()
    {
        var mode = SwarmJobSpec.Service(Spec, "hb-cell-1", "net1", Spec.Command, Labels, replicatedJob: true).Service.Mode;

        Assert.Null(mode.Replicated);
        Assert.Equal((1UL, 1UL), (mode.ReplicatedJob.MaxConcurrent, mode.ReplicatedJob.TotalCompletions));
    }

    [Fact]
    public void Network_is_an_internal_attachable_overlay_with_the_labels()
    {
        var network = SwarmJobSpec.Network("hb-cell-1", Labels);

        Assert.Equal(("hb-cell-1", "overlay", true, true), (network.Name, network.Driver, network.Internal, network.Attachable));
        Assert.Equal(Labels, network.Labels);
    }

    [Theory]
    [InlineData("scripted-oracle__claude__py-word-freq__r1-agent", "hb-scripted-oracle--claude--py-word-freq--r")]
    [InlineData("///", "hb")]
    public void Names_are_short_dns_labels_made_unique(string suffix, string prefix)
    {
        string a = SwarmJobSpec.Name(suffix);
        string b = SwarmJobSpec.Name(suffix);

        Assert.NotEqual(a, b);
        Assert.StartsWith(prefix, a, StringComparison.Ordinal);
        Assert.True(a.Length <= 63, a);
        Assert.Matches("^[a-z0-9-]+$", a);
    }
}
