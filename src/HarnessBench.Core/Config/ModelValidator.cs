using System.Security.Cryptography;
using HarnessBench.Core.Planning;

namespace HarnessBench.Core.Config;

/// <summary>Phase two for models: kind-specific checks, duplicate names, and the immutable <see cref="ModelSpec"/>.</summary>
internal static class ModelValidator
{
    public static List<ModelSpec> Validate(IReadOnlyList<ModelDto> models, string baseDirectory, ConfigErrors errors)
    {
        var result = new List<ModelSpec>();
        var names = new Dictionary<string, YScalar>(StringComparer.Ordinal);
        var slugs = new Dictionary<string, YScalar>(StringComparer.Ordinal);
        foreach (var dto in models)
        {
            var name = ScalarReader.Name(dto.Name, "name", errors);
            if (name is not null)
            {
                if (names.TryGetValue(name, out var first))
                {
                    errors.Add(dto.Name!.At, $"duplicate model name '{name}' (first at line {first.At.Line})", "model names must be unique: they are part of every cell id");
                    name = null;
                }
                else if (slugs.TryGetValue(Slug.Of(name), out var clash))
                {
                    errors.Add(dto.Name!.At, $"model name '{name}' gives the same cell ids as '{clash.Value}' (line {clash.At.Line})",
                        "cell ids ignore case and turn '_' into '-': rename one of them");
                    name = null;
                }
                else
                {
                    names[name] = dto.Name!;
                    slugs[Slug.Of(name)] = dto.Name!;
                }
            }
            var metadata = new ModelMetadata(dto.Family?.Value, dto.Params?.Value, dto.Quant?.Value,
                dto.InputPrice is null && dto.OutputPrice is null
                    ? null
                    : new ModelPrices(ScalarReader.Decimal(dto.InputPrice, "prices.input", errors), ScalarReader.Decimal(dto.OutputPrice, "prices.output", errors)));
            var spec = dto.Kind switch
            {
                ModelKinds.Scripted => Scripted(name, dto.KindValue, metadata, baseDirectory, errors),
                ModelKinds.OpenAi or ModelKinds.Anthropic => Endpoint(name, dto.Kind, dto.KindValue, metadata, errors),
                _ => null,
            };
            if (dto.Serve is { } serveNode)
            {
                if (dto.Kind == ModelKinds.Scripted)
                {
                    errors.Add(serveNode.At, "a scripted model cannot have 'serve'", "the gateway plays scripted models itself; remove 'serve' or use an openai/anthropic endpoint");
                    spec = null;
                }
                else if (ServeValidator.Validate(serveNode, baseDirectory, errors) is { } serve)
                {
                    spec = spec is null ? null : spec with { Serve = serve };
                }
                else
                {
                    spec = null;
                }
            }
            if (spec is not null) result.Add(spec);
        }
        return result;
    }

    private static ModelSpec? Scripted(string? name, YNode? value, ModelMetadata metadata, string baseDirectory, ConfigErrors errors)
    {
        if (value is not YScalar script)
        {
            if (value is not null)
                errors.Add(value.At, $"'scripted' must be the path of a script file, not {value.Kind}", "e.g. scripted: scripts/solve-hello.yaml");
            return null;
        }
        var full = Path.GetFullPath(Path.Combine(baseDirectory, script.Value));
        if (!File.Exists(full))
        {
            errors.Add(script.At, $"scripted model script '{script.Value}' not found", "paths are relative to bench.yaml's directory");
            return null;
        }
        if (name is null) return null;
        return new ModelSpec(name, ModelKinds.Scripted, YamlJson.Object("script", script.Value), metadata)
        {
            SourceHash = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(full))),
        };
    }

    private static ModelSpec? Endpoint(string? name, string kind, YNode? value, ModelMetadata metadata, ConfigErrors errors)
    {
        if (value is not YMapping map)
        {
            if (value is not null)
                errors.Add(value.At, $"'{kind}' must be a mapping of endpoint settings, not {value.Kind}", $"e.g. {kind}: {{ base_url: http://127.0.0.1:8080/v1, model: qwen3 }}");
            return null;
        }
        var before = errors.Count;
        if (map.Entries.FirstOrDefault(e => e.Key.Value == "api_key").Key is { } secret)
            errors.Add(secret.At, "API keys must not be written in bench.yaml", "use 'api_key_env: NAME' to read the key from an environment variable");
        var baseUrl = map.Entries.FirstOrDefault(e => e.Key.Value == "base_url").Value as YScalar;
        if (baseUrl is null)
            errors.Add(map.At, $"the {kind} endpoint has no base_url", "e.g. base_url: http://127.0.0.1:8080/v1");
        else if (!Uri.TryCreate(baseUrl.Value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            errors.Add(baseUrl.At, $"base_url '{baseUrl.Value}' is not an http(s) URL", "e.g. http://127.0.0.1:8080/v1");
        var settings = YamlJson.ToJson(map, errors);
        return name is null || errors.Count != before ? null : new ModelSpec(name, kind, settings, metadata);
    }
}
