using System.Text.Json;
using HarnessBench.Core.Trajectories;

namespace HarnessBench.Core.Audit.Scanning;

/// <summary>What a harness tool does, judged by its name (names differ per harness and version).</summary>
internal enum ToolKind
{
    Other,
    Shell,
    Read,
    Write,
    List,
    Search,
    Delete,
}

/// <summary>
/// Maps tool names of Claude Code, OpenCode, Pi, Qwen Code, Aider and common MCP/SWE-style tools
/// to a <see cref="ToolKind"/>, and pulls the command, paths and written content out of their
/// arguments. Field names drift between versions, so several spellings are tried and paths fall
/// back to every path-like string leaf.
/// </summary>
internal static class ToolKinds
{
    private static readonly Dictionary<string, ToolKind> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["bash"] = ToolKind.Shell, ["shell"] = ToolKind.Shell, ["run_shell_command"] = ToolKind.Shell, ["run_command"] = ToolKind.Shell,
        ["execute_command"] = ToolKind.Shell, ["exec_command"] = ToolKind.Shell, ["terminal"] = ToolKind.Shell, ["run"] = ToolKind.Shell,
        ["local_shell"] = ToolKind.Shell, ["execute_bash"] = ToolKind.Shell, ["cmd"] = ToolKind.Shell, ["exec"] = ToolKind.Shell,
        ["read"] = ToolKind.Read, ["read_file"] = ToolKind.Read, ["readfile"] = ToolKind.Read, ["view"] = ToolKind.Read,
        ["view_file"] = ToolKind.Read, ["open_file"] = ToolKind.Read, ["cat"] = ToolKind.Read, ["read_many_files"] = ToolKind.Read,
        ["notebookread"] = ToolKind.Read, ["add"] = ToolKind.Read, ["read-only"] = ToolKind.Read, ["read_text_file"] = ToolKind.Read,
        ["write"] = ToolKind.Write, ["write_file"] = ToolKind.Write, ["create_file"] = ToolKind.Write, ["edit"] = ToolKind.Write,
        ["multiedit"] = ToolKind.Write, ["edit_file"] = ToolKind.Write, ["replace"] = ToolKind.Write, ["str_replace"] = ToolKind.Write,
        ["apply_patch"] = ToolKind.Write, ["patch"] = ToolKind.Write, ["notebookedit"] = ToolKind.Write, ["notebook_edit"] = ToolKind.Write,
        ["whole_edit"] = ToolKind.Write, ["search_replace"] = ToolKind.Write, ["str_replace_based_edit_tool"] = ToolKind.Write,
        ["str_replace_editor"] = ToolKind.Write,
        ["glob"] = ToolKind.List, ["ls"] = ToolKind.List, ["list"] = ToolKind.List, ["list_directory"] = ToolKind.List,
        ["list_dir"] = ToolKind.List, ["list_files"] = ToolKind.List, ["find"] = ToolKind.List, ["find_files"] = ToolKind.List,
        ["grep"] = ToolKind.Search, ["grep_search"] = ToolKind.Search, ["search_file_content"] = ToolKind.Search,
        ["search"] = ToolKind.Search, ["rg"] = ToolKind.Search, ["ripgrep"] = ToolKind.Search,
        ["delete"] = ToolKind.Delete, ["delete_file"] = ToolKind.Delete, ["deletefile"] = ToolKind.Delete, ["remove_file"] = ToolKind.Delete,
        ["remove"] = ToolKind.Delete, ["rm"] = ToolKind.Delete, ["unlink"] = ToolKind.Delete, ["delete_path"] = ToolKind.Delete,
        ["remove_path"] = ToolKind.Delete, ["delete_files"] = ToolKind.Delete, ["trash"] = ToolKind.Delete,
    };

    /// <summary>Edit tools change part of a file (old text -> new text); the others write it whole.</summary>
    private static readonly HashSet<string> EditTools = new(StringComparer.OrdinalIgnoreCase)
    {
        "edit", "multiedit", "edit_file", "replace", "str_replace", "search_replace", "notebookedit", "notebook_edit", "apply_patch", "patch",
    };

    private static readonly string[] FragmentFields = ["old_string", "oldString", "old_str", "old_text", "oldText", "search", "edits"];

    private static readonly string[] CommandFields = ["command", "cmd", "script", "commandLine"];
    private static readonly string[] PathFields = ["file_path", "filePath", "path", "notebook_path", "file", "filename", "absolute_path", "target_file"];
    private static readonly string[] ContentFields = ["content", "new_string", "newString", "new_str", "file_text", "text", "new_source", "replace"];
    private static readonly string[] PatternFields = ["pattern", "glob", "include", "query", "regex"];

    public static ToolKind Classify(TrajectoryEvent e)
    {
        if (e.ToolName is not { } name)
        {
            return ToolKind.Other;
        }
        if (!ByName.TryGetValue(name, out var kind))
        {
            // MCP tools are "mcp__server__tool": judge by the tool part ("delete_file"), else its last word.
            var tool = name[(name.LastIndexOf("__", StringComparison.Ordinal) + 2)..];
            var last = name[(name.LastIndexOfAny(['_', '.', '/']) + 1)..];
            return !name.StartsWith("mcp", StringComparison.OrdinalIgnoreCase) ? ToolKind.Other
                : ByName.TryGetValue(tool, out var inner) || ByName.TryGetValue(last, out inner) ? inner : ToolKind.Other;
        }
        // The editor tools also "view".
        return kind == ToolKind.Write && Field(e, "command") is "view" ? ToolKind.Read : kind;
    }

    public static string? Command(TrajectoryEvent e, IReadOnlyList<string> strings)
    {
        foreach (var field in CommandFields)
        {
            if (e.Arguments is { ValueKind: JsonValueKind.Object } args && args.TryGetProperty(field, out var value))
            {
                if (value.ValueKind == JsonValueKind.String)
                {
                    return value.GetString();
                }
                if (value.ValueKind == JsonValueKind.Array)
                {
                    // argv form (["bash", "-lc", "cat x"]): the last string is the script for a shell, else join.
                    var argv = value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList();
                    return argv.Count >= 3 && ShellCommands.Shells.Contains(PathMath.FileName(argv[0])) && argv[^2].StartsWith('-') ? argv[^1] : string.Join(' ', argv.Select(Quote));
                }
            }
        }
        return strings.Count > 0 ? strings[0] : null;
    }

    public static IEnumerable<string> Paths(TrajectoryEvent e, IReadOnlyList<string> strings)
    {
        var named = PathFields.Select(f => Field(e, f)).OfType<string>().ToList();
        if (named.Count > 0)
        {
            return named;
        }
        return strings.Where(LooksLikePath);
    }

    public static string? Content(TrajectoryEvent e) => ContentFields.Select(f => Field(e, f)).OfType<string>().FirstOrDefault();

    /// <summary>True when a write tool call writes the whole file (Write, write_file, an editor's create) rather than editing part of it.</summary>
    public static bool WritesWholeFile(TrajectoryEvent e)
    {
        if (e.ToolName is null || EditTools.Contains(e.ToolName) || Field(e, "command") is "str_replace" or "insert" or "undo_edit")
        {
            return false;
        }
        return !FragmentFields.Any(f => e.Arguments is { ValueKind: JsonValueKind.Object } args && args.TryGetProperty(f, out _));
    }

    public static IEnumerable<string> Patterns(TrajectoryEvent e) => PatternFields.Select(f => Field(e, f)).OfType<string>();

    /// <summary>Files a patch writes (apply_patch "*** Update File: x", unified diff "+++ b/x").</summary>
    public static IEnumerable<string> PatchFiles(string patch)
    {
        foreach (var line in patch.Split('\n'))
        {
            foreach (var prefix in (string[])["*** Add File: ", "*** Update File: ", "+++ b/", "+++ "])
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    yield return line[prefix.Length..].Trim();
                    break;
                }
            }
        }
    }

    /// <summary>Files a patch deletes (apply_patch "*** Delete File: x", a unified diff from "--- a/x" to "+++ /dev/null").</summary>
    public static IEnumerable<string> PatchDeletes(string patch)
    {
        string? from = null;
        foreach (var raw in patch.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("*** Delete File: ", StringComparison.Ordinal))
            {
                yield return line[17..].Trim();
            }
            else if (line.StartsWith("--- ", StringComparison.Ordinal))
            {
                from = line[4..].Split('\t')[0].Trim();
                from = from.StartsWith("a/", StringComparison.Ordinal) ? from[2..] : from;
            }
            else if (line.StartsWith("+++ /dev/null", StringComparison.Ordinal) && from is not null and not "/dev/null")
            {
                yield return from;
            }
        }
    }

    public static bool LooksLikePath(string s) =>
        s.Length is > 0 and < 1024 && !s.Contains('\n', StringComparison.Ordinal) && !s.Contains(' ', StringComparison.Ordinal)
        && (s.Contains('/', StringComparison.Ordinal) || s.Contains('.', StringComparison.Ordinal));

    private static string? Field(TrajectoryEvent e, string name) =>
        e.Arguments is { ValueKind: JsonValueKind.Object } args && args.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string Quote(string word) => word.Length > 0 && word.All(c => char.IsLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or '=')
        ? word
        : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
