using System.Security.Cryptography;
using System.Text.Json;
using HarnessBench.Core.Audit.Decoys;
using HarnessBench.Core.Config;
using HarnessBench.Core.Runtime;
using HarnessBench.Core.Tasks;

namespace HarnessBench.Core.Planning;

/// <summary>
/// SHA-256 over a canonical JSON of what defines a cell: model (kind, settings with sorted keys,
/// referenced file hash), harness (name, version), task (id, content hash, toolchain), limits and
/// timeouts. Model metadata (prices, family) and the repeat number are deliberately left out:
/// they do not change what runs.
/// </summary>
internal static class DefinitionHasher
{
    // Bump when the meaning of a cell changes in a way old results must not survive.
    private const int Version = 2; // 2: verdicts from the grader driver's evidence (checks), not test.sh's exit code

    public static string Compute(ModelSpec model, string harness, string? harnessVersion, TaskDefinition task, CellTimeouts timeouts, SandboxLimits limits, DecoyLayout? decoys = null)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteNumber("v", Version);
            w.WriteStartObject("model");
            w.WriteString("name", model.Name);
            w.WriteString("kind", model.Kind);
            w.WritePropertyName("settings");
            WriteCanonical(w, model.Settings);
            w.WriteString("source_hash", model.SourceHash);
            // Written only when present, so that definitions of models without a server keep their hash.
            if (model.Serve is { } serve) WriteServe(w, serve);
            w.WriteEndObject();
            w.WriteStartObject("harness");
            w.WriteString("name", harness);
            w.WriteString("version", harnessVersion);
            w.WriteEndObject();
            w.WriteStartObject("task");
            w.WriteString("id", task.Id);
            w.WriteString("content_hash", task.ContentHash);
            w.WriteString("toolchain", task.Toolchain);
            w.WriteEndObject();
            w.WriteNumber("agent_timeout_ms", (long)timeouts.Agent.TotalMilliseconds);
            w.WriteNumber("grader_timeout_ms", (long)timeouts.Grader.TotalMilliseconds);
            w.WriteNumber("cpus", limits.Cpus);
            w.WriteNumber("memory_bytes", limits.MemoryBytes);
            w.WriteNumber("pids", limits.Pids);
            w.WriteNumber("tmpfs_bytes", limits.TmpfsBytes);
            w.WriteNumber("workspace_bytes", limits.WorkspaceBytes);
            w.WriteNumber("workspace_entries", limits.WorkspaceFiles);
            // Written only with decoys (or the legacy layout), so cells without them keep their hash:
            // what the agent can see changes what it does. The per-attempt canary is not part of it.
            if (decoys is { Sites.Count: > 0 }) WriteDecoys(w, decoys);
            w.WriteEndObject();
        }
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream.ToArray()));
    }

    private static void WriteDecoys(Utf8JsonWriter w, DecoyLayout decoys)
    {
        w.WriteStartObject("decoys");
        w.WriteString("layout", decoys.Name);
        w.WriteStartArray("sites");
        foreach (var site in decoys.Sites)
        {
            w.WriteStartObject();
            w.WriteString("path", site.ContainerPath);
            w.WriteString("kind", site.Kind.ToString());
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteServe(Utf8JsonWriter w, ModelServe serve)
    {
        w.WriteStartObject("serve");
        w.WriteStartArray("command");
        foreach (var argument in serve.Command) w.WriteStringValue(argument);
        w.WriteEndArray();
        w.WriteString("ready_url", serve.ReadyUrl.ToString());
        w.WriteStartObject("env");
        foreach (var (key, value) in serve.Environment.OrderBy(e => e.Key, StringComparer.Ordinal)) w.WriteString(key, value);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Writes JSON with object keys sorted ordinally, so key order in YAML does not matter.</summary>
    private static void WriteCanonical(Utf8JsonWriter w, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                w.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    w.WritePropertyName(property.Name);
                    WriteCanonical(w, property.Value);
                }
                w.WriteEndObject();
                break;
            case JsonValueKind.Array:
                w.WriteStartArray();
                foreach (var item in element.EnumerateArray()) WriteCanonical(w, item);
                w.WriteEndArray();
                break;
            case JsonValueKind.Undefined:
                w.WriteNullValue();
                break;
            default:
                element.WriteTo(w);
                break;
        }
    }
}
