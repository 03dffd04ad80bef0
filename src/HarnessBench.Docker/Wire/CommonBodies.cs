using System.Text.Json.Serialization;

namespace HarnessBench.Docker.Wire;

internal sealed class ErrorBody
{
    [JsonPropertyName("message")]
    public string? Message { get; set; }
}

internal sealed class IdBody
{
    public string? Id { get; set; }

    public List<string>? Warnings { get; set; }
}

internal sealed class VersionBody
{
    public string? Version { get; set; }

    public string? ApiVersion { get; set; }

    public string? Os { get; set; }

    public string? Arch { get; set; }

    public string? KernelVersion { get; set; }
}

/// <summary>One line of the engine's JSON progress stream (build, import).</summary>
internal sealed class JsonMessage
{
    [JsonPropertyName("stream")]
    public string? Stream { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }

    [JsonPropertyName("errorDetail")]
    public ErrorBody? ErrorDetail { get; set; }

    [JsonPropertyName("aux")]
    public AuxBody? Aux { get; set; }
}

internal sealed class AuxBody
{
    public string? ID { get; set; }
}

internal sealed class ImageInspectBody
{
    public string? Id { get; set; }

    public List<string>? RepoTags { get; set; }

    public long Size { get; set; }

    public string? Created { get; set; }

    public ImageConfigBody? Config { get; set; }
}

internal sealed class ImageConfigBody
{
    public Dictionary<string, string>? Labels { get; set; }
}

internal sealed class ImageSummaryBody
{
    public string? Id { get; set; }

    public List<string>? RepoTags { get; set; }

    public long Size { get; set; }

    public long Created { get; set; }

    public Dictionary<string, string>? Labels { get; set; }
}

internal sealed class NetworkCreateBody
{
    public required string Name { get; set; }

    public string Driver { get; set; } = "bridge";

    public bool Internal { get; set; }

    public bool CheckDuplicate { get; set; } = true;

    public Dictionary<string, string>? Labels { get; set; }
}

internal sealed class NetworkBody
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Driver { get; set; }

    public bool Internal { get; set; }

    public Dictionary<string, string>? Labels { get; set; }

    public IpamBody? IPAM { get; set; }
}

internal sealed class IpamBody
{
    public List<IpamConfigBody>? Config { get; set; }
}

internal sealed class IpamConfigBody
{
    public string? Subnet { get; set; }

    public string? Gateway { get; set; }
}
