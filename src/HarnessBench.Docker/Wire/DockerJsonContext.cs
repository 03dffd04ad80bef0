using System.Text.Json.Serialization;

namespace HarnessBench.Docker.Wire;

/// <summary>Source-generated System.Text.Json metadata for every Engine API shape we send or read.</summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(VersionBody))]
[JsonSerializable(typeof(JsonMessage))]
[JsonSerializable(typeof(ImageInspectBody))]
[JsonSerializable(typeof(List<ImageSummaryBody>))]
[JsonSerializable(typeof(ContainerCreateBody))]
[JsonSerializable(typeof(IdBody))]
[JsonSerializable(typeof(WaitBody))]
[JsonSerializable(typeof(ContainerInspectBody))]
[JsonSerializable(typeof(List<ContainerSummaryBody>))]
[JsonSerializable(typeof(ExecCreateBody))]
[JsonSerializable(typeof(ExecStartBody))]
[JsonSerializable(typeof(ExecInspectBody))]
[JsonSerializable(typeof(NetworkCreateBody))]
[JsonSerializable(typeof(List<NetworkBody>))]
[JsonSerializable(typeof(PathStatBody))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, List<string>>))]
internal sealed partial class DockerJsonContext : JsonSerializerContext;
