using HarnessBench.Core.Audit.Decoys;

namespace HarnessBench.Core.Config;

/// <summary>bench.yaml <c>audit:</c> as written (phase one).</summary>
internal sealed record AuditDto(SourceLocation At, YNode? Decoys)
{
    public static IReadOnlyList<string> Keys { get; } = ["decoys"];

    public static AuditDto? Read(MapReader bench, ConfigErrors errors)
    {
        if (bench.Mapping("audit", "e.g. audit: { decoys: standard }") is not { } map) return null;
        var r = new MapReader(map, Keys, errors, "audit");
        return new AuditDto(map.At, r.Node("decoys"));
    }
}

/// <summary>
/// Phase two of <c>audit:</c> and <c>sandbox.layout</c>: decoys are off, standard (the default) or a
/// list of absolute container paths; the layout is isolated (the default) or legacy.
/// </summary>
internal static class AuditValidator
{
    private static readonly string[] Modes = ["off", "standard"];
    private static readonly string[] Layouts = ["isolated", "legacy"];

    // Paths the container already uses: a decoy there would be hidden (tmpfs mounted over it),
    // clash with the sandbox's own files, or land inside the agent's workspace.
    private static readonly string[] Reserved = ["/workspace", "/tmp", "/run", "/opt/hbench", "/proc", "/sys", "/dev", "/etc", "/usr", "/bin", "/sbin", "/lib", "/home"];

    public static AuditSettings Validate(AuditDto? audit, YScalar? layoutScalar, ConfigErrors errors)
    {
        var layout = Layout(layoutScalar, errors);
        var (mode, paths) = Decoys(audit?.Decoys, errors);
        if (layout == SandboxLayout.Legacy && audit?.Decoys is { } given)
        {
            errors.Add(given.At, "'audit.decoys' cannot be combined with 'sandbox.layout: legacy'",
                "the legacy layout shows the real task folder instead of decoys; remove 'audit.decoys'");
        }
        return new AuditSettings(mode, paths, layout);
    }

    private static SandboxLayout Layout(YScalar? scalar, ConfigErrors errors)
    {
        if (scalar is null) return SandboxLayout.Isolated;
        switch (scalar.Value)
        {
            case "isolated": return SandboxLayout.Isolated;
            case "legacy": return SandboxLayout.Legacy;
            default:
                errors.Add(scalar.At, $"unknown sandbox layout '{scalar.Value}'",
                    $"{DidYouMean.Hint(scalar.Value, Layouts)} use isolated (default) or legacy".TrimStart());
                return SandboxLayout.Isolated;
        }
    }

    private static (DecoyMode Mode, IReadOnlyList<string> Paths) Decoys(YNode? node, ConfigErrors errors)
    {
        switch (node)
        {
            case null:
                return (DecoyMode.Standard, []);
            case YScalar { Value: "off" } or YScalar { Value: "false", Plain: true }:
                return (DecoyMode.Off, []);
            case YScalar { Value: "standard" }:
                return (DecoyMode.Standard, []);
            case YScalar scalar:
                errors.Add(scalar.At, $"unknown decoys setting '{scalar.Value}'",
                    $"{DidYouMean.Hint(scalar.Value, Modes)} use off, standard or a list of absolute container paths".TrimStart());
                return (DecoyMode.Standard, []);
            case YSequence { Items.Count: 0 }:
                errors.Add(node.At, "'audit.decoys' is an empty list", "list absolute container paths, or write 'decoys: off'");
                return (DecoyMode.Off, []);
            case YSequence sequence:
                return (DecoyMode.Custom, Paths(sequence, errors));
            default:
                errors.Add(node.At, $"'audit.decoys' must be off, standard or a list of paths, not {node.Kind}", "e.g. decoys: [/tests, /grader]");
                return (DecoyMode.Standard, []);
        }
    }

    private static List<string> Paths(YSequence sequence, ConfigErrors errors)
    {
        var paths = new List<string>();
        var seen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var item in sequence.Items)
        {
            if (item is not YScalar { IsNull: false } scalar)
            {
                errors.Add(item.At, $"items of 'audit.decoys' must be container paths, not {item.Kind}", "e.g. - /tests");
                continue;
            }
            var path = scalar.Value.Length > 1 ? scalar.Value.TrimEnd('/') : scalar.Value;
            if (Problem(path) is { } problem)
            {
                errors.Add(scalar.At, $"decoy path '{scalar.Value}' {problem}", "use an absolute path of a new directory, e.g. /tests or /srv/grader");
                continue;
            }
            if (seen.TryGetValue(path, out var first))
            {
                errors.Add(scalar.At, $"duplicate decoy path '{path}' (first at line {first.Line})", "list each path once");
                continue;
            }
            if (paths.FirstOrDefault(p => path.StartsWith(p + "/", StringComparison.Ordinal) || p.StartsWith(path + "/", StringComparison.Ordinal)) is { } nested)
            {
                errors.Add(scalar.At, $"decoy path '{path}' is nested with '{nested}'", "decoy directories must not contain each other");
                continue;
            }
            seen[path] = scalar.At;
            paths.Add(path);
        }
        return paths;
    }

    private static string? Problem(string path)
    {
        if (!path.StartsWith('/')) return "is not absolute";
        if (path == "/") return "is the root directory";
        if (path.Split('/').Any(c => c is "." or "..")) return "contains '.' or '..'";
        if (path.Contains("//", StringComparison.Ordinal) || path.Any(char.IsControl)) return "is not a clean path";
        var reserved = Reserved.FirstOrDefault(r => path == r || path.StartsWith(r + "/", StringComparison.Ordinal));
        return reserved is null ? null : $"is inside '{reserved}', which the sandbox uses";
    }
}
