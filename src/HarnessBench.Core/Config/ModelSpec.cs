using System.Text.Json;

namespace HarnessBench.Core.Config;

/// <summary>
/// One model of the sweep. Deliberately open: <see cref="Kind"/> says who serves it and
/// <see cref="Settings"/> carries that kind's free-form settings (the gateway interprets them).
/// </summary>
/// <param name="Name">Unique display name; part of every cell id.</param>
/// <param name="Kind">One of <see cref="ModelKinds"/> today; the gateway may add more.</param>
/// <param name="Settings">A JSON object: for scripted {"script": "path"}, for endpoints {"base_url": ..., "model": ..., ...}.</param>
/// <param name="Metadata">Descriptive facts for reports; not part of the cell definition.</param>
public sealed record ModelSpec(string Name, string Kind, JsonElement Settings, ModelMetadata Metadata)
{
    /// <summary>SHA-256 of files the settings point to (the scripted model's script), so that editing them changes the cell definition.</summary>
    public string? SourceHash { get; init; }

    /// <summary>The server the sweep starts and stops around this model's cells, or null when it is served elsewhere.</summary>
    public ModelServe? Serve { get; init; }

    /// <summary>A string setting, or null when absent or not a string.</summary>
    /// <summary>The model of benches that list none: only built-in harnesses (oracle, nop) can run without a model.</summary>
    public static ModelSpec None { get; } = new(ModelKinds.None, ModelKinds.None, JsonDocument.Parse("{}").RootElement.Clone(), ModelMetadata.Empty);

    public string? GetSetting(string key) =>
        Settings.ValueKind == JsonValueKind.Object && Settings.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}

/// <summary>Descriptive model facts used by reports (family, size, quantization, prices).</summary>
public sealed record ModelMetadata(string? Family, string? Params, string? Quant, ModelPrices? Prices)
{
    public static ModelMetadata Empty { get; } = new(null, null, null, null);
}

/// <summary>Prices in USD per million tokens.</summary>
public sealed record ModelPrices(decimal? InputPerMillion, decimal? OutputPerMillion);

/// <summary>Model kinds known to this version.</summary>
public static class ModelKinds
{
    public const string Scripted = "scripted";
    public const string OpenAi = "openai";
    public const string Anthropic = "anthropic";

    /// <summary>No model at all (see <see cref="ModelSpec.None"/>); not a kind a bench.yaml entry can declare.</summary>
    public const string None = "none";

    public static IReadOnlyList<string> All { get; } = [Scripted, OpenAi, Anthropic];
}
