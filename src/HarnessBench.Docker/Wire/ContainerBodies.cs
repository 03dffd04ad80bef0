using System.Text.Json.Serialization;

namespace HarnessBench.Docker.Wire;

internal sealed class ContainerCreateBody
{
    public required string Image { get; set; }

    public List<string>? Cmd { get; set; }

    public List<string>? Entrypoint { get; set; }

    public string? User { get; set; }

    public string? WorkingDir { get; set; }

    public List<string>? Env { get; set; }

    public Dictionary<string, string>? Labels { get; set; }

    public bool Tty { get; set; }

    public bool OpenStdin { get; set; }

    public bool AttachStdin { get; set; }

    public bool AttachStdout { get; set; }

    public bool AttachStderr { get; set; }

    public required HostConfigBody HostConfig { get; set; }
}

internal sealed class HostConfigBody
{
    public string? NetworkMode { get; set; }

    public List<string>? CapDrop { get; set; }

    public List<string>? CapAdd { get; set; }

    public List<string>? SecurityOpt { get; set; }

    public long NanoCpus { get; set; }

    public long Memory { get; set; }

    public long MemorySwap { get; set; }

    public long? PidsLimit { get; set; }

    public Dictionary<string, string>? Tmpfs { get; set; }

    public List<MountBody>? Mounts { get; set; }

    public bool? Init { get; set; }

    public bool ReadonlyRootfs { get; set; }

    public bool AutoRemove { get; set; }
}

internal sealed class MountBody
{
    public string Type { get; set; } = "bind";

    public required string Source { get; set; }

    public required string Target { get; set; }

    public bool ReadOnly { get; set; }
}

internal sealed class WaitBody
{
    public long StatusCode { get; set; }

    public ErrorBody? Error { get; set; }
}

internal sealed class ContainerInspectBody
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Image { get; set; }

    public ContainerStateBody? State { get; set; }

    public ContainerConfigBody? Config { get; set; }
}

internal sealed class ContainerConfigBody
{
    public string? Image { get; set; }

    public Dictionary<string, string>? Labels { get; set; }
}

internal sealed class ContainerStateBody
{
    public string? Status { get; set; }

    public bool Running { get; set; }

    [JsonPropertyName("OOMKilled")]
    public bool OomKilled { get; set; }

    public int ExitCode { get; set; }

    public string? Error { get; set; }

    public string? StartedAt { get; set; }

    public string? FinishedAt { get; set; }
}

internal sealed class ContainerSummaryBody
{
    public string? Id { get; set; }

    public List<string>? Names { get; set; }

    public string? Image { get; set; }

    public string? ImageID { get; set; }

    public string? State { get; set; }

    public Dictionary<string, string>? Labels { get; set; }
}

internal sealed class ExecCreateBody
{
    public bool AttachStdout { get; set; } = true;

    public bool AttachStderr { get; set; } = true;

    public bool Tty { get; set; }

    public required List<string> Cmd { get; set; }

    public string? User { get; set; }

    public string? WorkingDir { get; set; }

    public List<string>? Env { get; set; }
}

internal sealed class ExecStartBody
{
    public bool Detach { get; set; }

    public bool Tty { get; set; }
}

internal sealed class ExecInspectBody
{
    public bool Running { get; set; }

    public int? ExitCode { get; set; }
}

/// <summary>The X-Docker-Container-Path-Stat header (base64 JSON) of HEAD /containers/{id}/archive.</summary>
internal sealed class PathStatBody
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("size")]
    public long Size { get; set; }

    [JsonPropertyName("mode")]
    public uint Mode { get; set; }

    [JsonPropertyName("linkTarget")]
    public string? LinkTarget { get; set; }
}
