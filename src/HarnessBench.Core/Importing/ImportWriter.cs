using System.Globalization;
using System.Text;
using System.Text.Json;

namespace HarnessBench.Core.Importing;

#pragma warning disable CA1416 // File modes are the point here (a seed's executable bits); hbench runs where Docker's Linux engine does.

/// <summary>
/// Writes an imported task in HarnessBench's layout: task.yaml (with the canary), instruction.md,
/// workspace/ (the seed), environment/ (Dockerfile and build context), tests/ (test.sh, the driver
/// grade.py on hbgrade + hbpytest, the format's tests under original/), solution/solve.sh, IMPORT.md.
/// The folder is written aside and moved into place, so a failure never leaves half a task.
/// </summary>
internal static class ImportWriter
{
    public const string CanaryLine = "HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train";

    public static void Write(SourceTask source, MappedTask task, string target, Provenance provenance)
    {
        var staging = target + ".importing";
        Pipeline.FileTree.Delete(staging);
        Directory.CreateDirectory(staging);
        try
        {
            WriteSeed(task.Environment, Path.Combine(staging, "workspace"));
            WriteEnvironment(source, task, Path.Combine(staging, "environment"));
            WriteTests(source, task, Path.Combine(staging, "tests"));
            Directory.CreateDirectory(Path.Combine(staging, "solution"));
            File.WriteAllText(Path.Combine(staging, "solution", "solve.sh"), task.Solution);
            File.WriteAllText(Path.Combine(staging, "instruction.md"), source.Instruction.TrimEnd() + "\n");
            File.WriteAllText(Path.Combine(staging, "task.yaml"), TaskYaml(source, task));
            File.WriteAllText(Path.Combine(staging, Tasks.TaskDefinition.ImportNotesFile), ImportNotes.Render(source, task, provenance));
            Pipeline.FileTree.Delete(target);
            Directory.Move(staging, target);
        }
        finally
        {
            Pipeline.FileTree.Delete(staging);
        }
    }

    private static void WriteSeed(EnvironmentPlan plan, string workspace)
    {
        Directory.CreateDirectory(workspace);
        foreach (var (source, destination) in plan.SeedCopies)
        {
            var target = destination.Length == 0 ? workspace : Path.Combine(workspace, destination);
            if (Directory.Exists(source)) Pipeline.FileTree.CopySafely(source, target);
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(source, target, overwrite: true);
                // Sources may be read-only (a read-only checkout): the seed keeps only the executable bit.
                File.SetUnixFileMode(target, Mode(File.GetUnixFileMode(source)));
            }
        }
        foreach (var directory in plan.SeedDirectories) Directory.CreateDirectory(Path.Combine(workspace, directory));
        foreach (var file in plan.SeedFiles)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(workspace, file))!);
            if (!File.Exists(Path.Combine(workspace, file))) File.WriteAllBytes(Path.Combine(workspace, file), []);
        }
        foreach (var entry in new DirectoryInfo(workspace).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            if (entry.LinkTarget is not null) continue;
            entry.UnixFileMode = entry is DirectoryInfo ? (UnixFileMode)0b111_101_101 : Mode(entry.UnixFileMode);
        }
        foreach (var (path, mode) in plan.SeedModes)
        {
            var full = Path.Combine(workspace, path);
            if (!File.Exists(full) && !Directory.Exists(full)) continue;
            File.SetUnixFileMode(full, Chmod(File.GetUnixFileMode(full), mode));
        }
    }

    private static UnixFileMode Mode(UnixFileMode original) =>
        (original & UnixFileMode.UserExecute) != 0 ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100;

    /// <summary>chmod's effect: an octal mode, or [ugoa]*[+-=][rwx...].</summary>
    internal static UnixFileMode Chmod(UnixFileMode current, string mode)
    {
        if (mode.All(char.IsAsciiDigit)) return (UnixFileMode)Convert.ToInt32(mode, 8) | UnixFileMode.UserRead | UnixFileMode.UserWrite;
        var op = mode.IndexOfAny(['+', '-', '=']);
        var who = mode[..op];
        if (who.Length == 0) who = "a";
        var bits = 0;
        foreach (var w in who.Replace("a", "ugo", StringComparison.Ordinal))
        {
            var shift = w switch { 'u' => 6, 'g' => 3, _ => 0 };
            foreach (var p in mode[(op + 1)..])
                bits |= p switch { 'r' => 4, 'w' => 2, 'x' or 'X' => 1, _ => 0 } << shift;
        }
        var value = (int)current;
        value = mode[op] switch { '+' => value | bits, '-' => value & ~bits, _ => bits };
        return (UnixFileMode)value | UnixFileMode.UserRead | UnixFileMode.UserWrite;
    }

    private static void WriteEnvironment(SourceTask source, MappedTask task, string directory)
    {
        var plan = task.Environment;
        Directory.CreateDirectory(directory);
        var lines = new List<string>
        {
            $"# {CanaryLine}",
            $"# Imported by `hbench tasks import` from the {source.Format} task {source.Id} (see ../IMPORT.md).",
            "# Built FROM the task's toolchain image (task.yaml `toolchain:`), which hbench passes as BASE.",
            "ARG BASE",
            "FROM ${BASE}",
        };
        if (plan.Workdir != "/workspace")
        {
            lines.Add($"# The task's working directory {plan.Workdir} is the agent's /workspace (a symlink): prompts and tests keep their paths.");
            var parent = plan.Workdir[..plan.Workdir.LastIndexOf('/')];
            // Root owns it while the image builds, as in the source format (git refuses a repository another
            // user owns); hbench's appended step hands it to uid 1000 at the end.
            lines.Add($"RUN mkdir -p /workspace{(parent.Length > 0 ? " " + parent : "")} && chown 0:0 /workspace && rm -rf {plan.Workdir} && ln -s /workspace {plan.Workdir}");
        }
        if (plan.AptPackages.Count > 0)
        {
            // When the install fails, say which packages Debian 12 does not have (tasks name Ubuntu's).
            var names = string.Join(' ', plan.AptPackages);
            lines.Add("RUN apt-get update \\");
            lines.Add($" && {{ apt-get install -y --no-install-recommends {names} || {{ missing=\"\"; for p in {names}; do apt-cache show \"$p\" >/dev/null 2>&1 || missing=\"$missing $p\"; done; \\");
            lines.Add("      echo \"hbench: cannot install the task's Debian packages (not in Debian 12:${missing:- none; see the apt output above})\" >&2; exit 1; }; } \\");
            lines.Add(" && rm -rf /var/lib/apt/lists/*");
        }
        if (plan.PythonPackages.Count > 0)
        {
            File.WriteAllText(Path.Combine(directory, PythonPackages.InstallerFileName), PythonPackages.Installer + "\n");
            lines.Add($"COPY {PythonPackages.InstallerFileName} /tmp/{PythonPackages.InstallerFileName}");
            var arguments = plan.PythonPackages.Select(p => $"'{p}:{PythonPackages.DebianPackage(p) ?? ""}'");
            lines.Add($"RUN sh /tmp/{PythonPackages.InstallerFileName} {string.Join(' ', arguments)} && rm -f /tmp/{PythonPackages.InstallerFileName}");
        }
        var lastTouch = plan.Steps.FindLastIndex(s => s.TouchesWorkdir);
        var usedContext = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < plan.Steps.Count; i++)
        {
            var step = plan.Steps[i];
            if (step.WorkdirCopy && i > lastTouch) continue; // the seed brings these files; the image need not
            lines.Add(step.Text);
            foreach (var (_, contextPath) in plan.ContextFiles.Where(c => step.Text.Contains(c.ContextPath, StringComparison.Ordinal)))
                usedContext.Add(contextPath);
        }
        foreach (var (sourcePath, contextPath) in plan.ContextFiles.Where(c => usedContext.Contains(c.ContextPath)))
        {
            var target = Path.Combine(directory, contextPath);
            if (Directory.Exists(sourcePath)) Pipeline.FileTree.CopySafely(sourcePath, target);
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(sourcePath, target, overwrite: true);
                File.SetUnixFileMode(target, Mode(File.GetUnixFileMode(sourcePath)));
            }
        }
        File.WriteAllText(Path.Combine(directory, "Dockerfile"), string.Join('\n', lines) + "\n");
    }

    private static void WriteTests(SourceTask source, MappedTask task, string directory)
    {
        Directory.CreateDirectory(directory);
        var original = Path.Combine(directory, "original");
        if (Directory.Exists(source.TestsDirectory)) Pipeline.FileTree.CopySafely(source.TestsDirectory, original);
        else Directory.CreateDirectory(original);
        foreach (var entry in new DirectoryInfo(original).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
            if (entry.LinkTarget is null) entry.UnixFileMode = entry is DirectoryInfo ? (UnixFileMode)0b111_101_101 : Mode(entry.UnixFileMode);
        File.WriteAllText(Path.Combine(directory, "test.sh"), $"""
            #!/usr/bin/env bash
            # {CanaryLine}
            # Hidden grader of an imported task: the driver (grade.py, root) runs the task's own tests as uid 1000
            # and records one check per test function (see IMPORT.md).
            exec python3 -I /hbench/grader/grade.py

            """);
        File.WriteAllText(Path.Combine(directory, "grade.py"), GradePy(source, task));
    }

    private static string GradePy(SourceTask source, MappedTask task)
    {
        var env = JsonSerializer.Serialize(source.VerifierEnvironment);
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"""
            # {CanaryLine}
            "Driver of the task imported from the {source.Format} task {source.Id}: its own tests decide, run as uid 1000 (see IMPORT.md)."
            import json
            import sys

            sys.path.insert(0, "/hbench/lib")
            import hbgrade  # noqa: E402
            import hbpytest  # noqa: E402

            g = hbgrade.Grader()

            """);
        if (task.RewardMode)
        {
            builder.Append(CultureInfo.InvariantCulture, $"""
                hbpytest.reward(g, script=json.loads({Literal(JsonSerializer.Serialize(task.PreSteps ?? ""))}), timeout={task.TestTimeoutSeconds},
                                env=json.loads({Literal(env)}))
                g.finish()

                """);
        }
        else
        {
            builder.Append(CultureInfo.InvariantCulture, $"""
                hbpytest.grade(
                    g,
                    expected=json.loads({Literal(JsonSerializer.Serialize(task.Expected))}),
                    args=json.loads({Literal(JsonSerializer.Serialize(task.PytestArguments))}),
                    timeout={task.TestTimeoutSeconds},
                    pre_steps=json.loads({Literal(JsonSerializer.Serialize(task.PreSteps))}),
                    env=json.loads({Literal(env)}),
                )
                g.finish()

                """);
        }
        return builder.ToString();
    }

    // A Python string literal holding JSON (repr-style, single-quoted).
    private static string Literal(string json) => "'" + json.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    private static string TaskYaml(SourceTask source, MappedTask task)
    {
        var toolchains = task.Environment.Toolchains;
        var tags = source.Tags.Select(Tag).Where(t => t.Length > 0).Append("imported").Append(source.Format).Distinct(StringComparer.Ordinal);
        var yaml = new StringBuilder();
        yaml.AppendLine($"# hbench-canary: {CanaryLine}");
        yaml.AppendLine($"# Imported by `hbench tasks import` from the {source.Format} task '{source.Id}': every adaptation is in IMPORT.md.");
        yaml.AppendLine($"id: {source.Id}");
        yaml.AppendLine($"title: {JsonSerializer.Serialize(Title(source))}");
        yaml.AppendLine($"language: {Language(source, toolchains)}");
        yaml.AppendLine($"difficulty: {Difficulty(source.Difficulty)}");
        yaml.AppendLine($"category: {JsonSerializer.Serialize(string.IsNullOrWhiteSpace(source.Category) ? "imported" : source.Category)}");
        yaml.AppendLine($"tags: [{string.Join(", ", tags)}]");
        yaml.AppendLine(toolchains.Count == 1 ? $"toolchain: {toolchains[0]}" : $"toolchain: [{string.Join(", ", toolchains)}]");
        yaml.AppendLine($"checks: {(task.RewardMode ? 1 : task.Expected.Count)}");
        yaml.AppendLine("surface: [\"**\"]   # the agent's whole workspace (the tests are not in it)");
        yaml.AppendLine($"timeouts: {{ agent: {TaskMapping.Seconds(task.AgentTimeoutSeconds)}, grader: {TaskMapping.Seconds(task.GraderTimeoutSeconds)} }}");
        var resources = new List<string>();
        if (source.Cpus is { } cpus) resources.Add($"cpus: {cpus.ToString(CultureInfo.InvariantCulture)}");
        if (source.MemoryMegabytes is { } memory) resources.Add($"memory: {memory.ToString(CultureInfo.InvariantCulture)}m");
        if (resources.Count > 0) yaml.AppendLine($"resources: {{ {string.Join(", ", resources)} }}");
        return yaml.ToString();
    }

    private static string Title(SourceTask source)
    {
        var words = source.Id.Replace('_', '-').Split('-', StringSplitOptions.RemoveEmptyEntries);
        var title = string.Join(' ', words);
        return (title.Length > 0 ? char.ToUpperInvariant(title[0]) + title[1..] : source.Id) + $" ({(source.Format == HarborReader.Format ? "Harbor" : "Terminal-Bench")})";
    }

    private static string Language(SourceTask source, List<string> toolchains)
    {
        foreach (var tag in source.Tags.Select(t => t.ToLowerInvariant()))
        {
            var language = tag switch
            {
                "python" => "python",
                "javascript" or "nodejs" or "node" => "javascript",
                "rust" => "rust",
                "c" => "c",
                "cpp" or "c++" => "c++",
                "go" or "golang" => "go",
                "bash" or "shell" => "bash",
                "sql" => "sql",
                _ => null,
            };
            if (language is not null) return language;
        }
        return toolchains.Count > 1 ? "mixed" : "shell";
    }

    private static string Difficulty(string? difficulty) => difficulty?.ToLowerInvariant() switch
    {
        "easy" => "easy",
        "hard" => "hard",
        _ => "medium",
    };

    private static string Tag(string tag) =>
        new string([.. tag.Trim().ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-')]).Trim('-', '.', '_');
}
