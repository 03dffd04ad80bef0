using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using HarnessBench.Core.Tasks;

namespace HarnessBench.Core.Exporting;

/// <summary>
/// <c>hbench tasks export ID --format harbor</c>: a HarnessBench task as a Harbor task, so it runs on the
/// Harbor side too. environment/Dockerfile rebuilds the task's image from a public Debian image (the
/// base image's essentials, each toolchain's recipe in order, the task's own environment, the seed in
/// /workspace); tests/test.sh recreates the grader's layout (/hbench/grader, seed, solution, lib,
/// evidence), composes the graded /workspace from the seed and the agent's surface files, runs the
/// house driver and writes reward 1 only when it recorded exactly the declared checks, all passed;
/// solution/solve.sh applies the reference solution the way the oracle does.
/// </summary>
public static partial class HarborExporter
{
    /// <summary>The public image the exported Dockerfile starts from (HB_FROM); the same Debian release as HarnessBench's base.</summary>
    public const string DefaultFrom = "debian:bookworm-slim";

    /// <param name="containers">containers/ of the checkout (toolchain recipes).</param>
    /// <param name="library">tasks/_lib (the graders' library).</param>
    /// <returns>The folder written (<paramref name="outDirectory"/>/&lt;id&gt;).</returns>
    public static string Export(TaskDefinition task, string containers, string library, string outDirectory)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.Surface is null) throw new InvalidOperationException($"task '{task.Id}' has no solution surface");
        var target = Path.Combine(outDirectory, task.Id);
        Pipeline.FileTree.Delete(target);
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "instruction.md"), task.Prompt.TrimEnd() + "\n");
        File.WriteAllText(Path.Combine(target, "task.toml"), TaskToml(task));

        var environment = Path.Combine(target, "environment");
        Directory.CreateDirectory(environment);
        if (task.HasEnvironment) Pipeline.FileTree.CopySafely(task.EnvironmentDirectory, Path.Combine(environment, "task-environment"));
        if (Directory.Exists(task.WorkspaceDirectory)) Pipeline.FileTree.CopySafely(task.WorkspaceDirectory, Path.Combine(environment, "workspace"));
        else Directory.CreateDirectory(Path.Combine(environment, "workspace"));
        File.WriteAllText(Path.Combine(environment, "Dockerfile"), Dockerfile(task, containers));

        var tests = Path.Combine(target, "tests");
        var hbench = Path.Combine(tests, "hbench");
        Pipeline.FileTree.CopySafely(task.TestsDirectory, Path.Combine(hbench, "grader"));
        Pipeline.FileTree.CopySafely(library, Path.Combine(hbench, "lib"));
        if (Directory.Exists(task.WorkspaceDirectory)) Pipeline.FileTree.CopySafely(task.WorkspaceDirectory, Path.Combine(hbench, "seed"));
        else Directory.CreateDirectory(Path.Combine(hbench, "seed"));
        Pipeline.FileTree.CopySafely(task.SolutionDirectory, Path.Combine(hbench, "solution"));
        File.WriteAllText(Path.Combine(hbench, "compose.py"), ComposePy);
        File.WriteAllText(Path.Combine(hbench, "verdict.py"), VerdictPy);
        File.WriteAllText(Path.Combine(tests, "test.sh"), TestSh(task));

        var solution = Path.Combine(target, "solution");
        Pipeline.FileTree.CopySafely(task.SolutionDirectory, Path.Combine(solution, "files"));
        File.WriteAllText(Path.Combine(solution, "solve.sh"), SolveSh);
        return target;
    }

    private static string TaskToml(TaskDefinition task)
    {
        var toml = new StringBuilder();
        toml.AppendLine(CultureInfo.InvariantCulture, $"# {Canary}");
        toml.AppendLine("# Exported by `hbench tasks export --format harbor` from the HarnessBench task of the same name.");
        toml.AppendLine("version = \"1.0\"");
        toml.AppendLine();
        toml.AppendLine("[metadata]");
        toml.AppendLine("author_name = \"HarnessBench\"");
        toml.AppendLine(CultureInfo.InvariantCulture, $"difficulty = \"{task.Difficulty.ToString().ToLowerInvariant()}\"");
        toml.AppendLine(CultureInfo.InvariantCulture, $"category = {JsonSerializer.Serialize(task.Category)}");
        toml.AppendLine(CultureInfo.InvariantCulture, $"tags = [{string.Join(", ", task.Tags.Append("harnessbench").Select(t => JsonSerializer.Serialize(t)))}]");
        toml.AppendLine();
        toml.AppendLine("[verifier]");
        toml.AppendLine(CultureInfo.InvariantCulture, $"timeout_sec = {(task.GraderTimeout ?? TimeSpan.FromMinutes(2)).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}");
        toml.AppendLine();
        toml.AppendLine("[agent]");
        toml.AppendLine(CultureInfo.InvariantCulture, $"timeout_sec = {(task.AgentTimeout ?? TimeSpan.FromMinutes(10)).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}");
        toml.AppendLine();
        toml.AppendLine("[environment]");
        toml.AppendLine("build_timeout_sec = 1800.0");
        toml.AppendLine(CultureInfo.InvariantCulture, $"cpus = {(int)Math.Ceiling(task.Resources.Cpus ?? 1)}");
        toml.AppendLine(CultureInfo.InvariantCulture, $"memory_mb = {(task.Resources.MemoryBytes ?? (2L << 30)) >> 20}");
        toml.AppendLine("allow_internet = false");
        return toml.ToString();
    }

    /// <summary>The base image's essentials, each toolchain's recipe chained as a stage, the task's environment, the seed.</summary>
    internal static string Dockerfile(TaskDefinition task, string containers)
    {
        var lines = new List<string>
        {
            $"# {Canary}",
            "# Exported from HarnessBench: its images are built locally from a Debian 12 rootfs; here the same recipes start from a public Debian 12 image.",
            $"ARG HB_FROM={DefaultFrom}",
            "FROM ${HB_FROM} AS hbench-base",
            "ENV LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive",
            "RUN apt-get update \\",
            " && apt-get install -y --no-install-recommends bash coreutils procps ca-certificates python3 \\",
            " && rm -rf /var/lib/apt/lists/* \\",
            " && (getent group 1000 >/dev/null || groupadd --gid 1000 agent) \\",
            " && (getent passwd 1000 >/dev/null || useradd --uid 1000 --gid 1000 --create-home --home-dir /home/agent --shell /bin/bash agent) \\",
            " && mkdir -p /workspace && chown 1000:1000 /workspace",
        };
        var previous = "hbench-base";
        var stage = 0;
        var recipes = task.Toolchains.Where(t => t != TaskToolchains.BaseImage)
            .Select(t => (Name: t, Path: Path.Combine(containers, "toolchains", t, "Dockerfile"), Context: (string?)null)).ToList();
        if (task.HasEnvironment) recipes.Add(("task environment", Path.Combine(task.EnvironmentDirectory, "Dockerfile"), "task-environment"));
        foreach (var (name, path, context) in recipes)
        {
            if (!File.Exists(path)) throw new InvalidOperationException($"the recipe of '{name}' is missing: {path}");
            var stageName = $"hbench-stage-{++stage}";
            lines.Add($"# --- {name} ---");
            lines.AddRange(Chain(File.ReadAllText(path), previous, stageName, context));
            previous = stageName;
        }
        lines.Add("# --- the seed workspace ---");
        lines.Add($"FROM {previous}");
        lines.Add("USER root");
        lines.Add("COPY workspace/ /workspace/");
        lines.Add("RUN chown -R 1000:1000 /workspace");
        lines.Add("WORKDIR /workspace");
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>One recipe (ARG BASE / FROM ${BASE} ...) as stages FROM <paramref name="previous"/>, its last stage named <paramref name="stageName"/>.</summary>
    private static List<string> Chain(string dockerfile, string previous, string stageName, string? context)
    {
        var lines = dockerfile.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')
            .Where(l => !ArgBase().IsMatch(l))
            .Select(l => l.Replace("${BASE}", previous, StringComparison.Ordinal).Replace("$BASE", previous, StringComparison.Ordinal))
            .ToList();
        var lastFrom = lines.FindLastIndex(l => From().IsMatch(l));
        if (lastFrom >= 0)
        {
            var match = From().Match(lines[lastFrom]);
            lines[lastFrom] = $"FROM {match.Groups[1].Value} AS {stageName}";
            // Earlier stages of this recipe (node's fetch stage) get unique names.
            for (var i = 0; i < lastFrom; i++)
                if (From().Match(lines[i]) is { Success: true, Groups: var g } && g[2].Success) lines[i] = $"FROM {g[1].Value} AS {stageName}-{g[2].Value}";
            for (var i = 0; i < lines.Count; i++)
                lines[i] = Regex.Replace(lines[i], @"--from=(\w[\w.-]*)", m => lines.Any(l => l.EndsWith($"AS {stageName}-{m.Groups[1].Value}", StringComparison.Ordinal)) ? $"--from={stageName}-{m.Groups[1].Value}" : m.Value);
        }
        if (context is not null)
            lines = [.. lines.Select(l => CopySource().Replace(l, m => $"{m.Groups[1].Value}{context}/{m.Groups[2].Value}"))];
        return lines;
    }

    private const string Canary = "HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train";

    private static string TestSh(TaskDefinition task)
    {
        var surface = JsonSerializer.Serialize(task.Surface!.Globs);
        var budget = (long)Pipeline.GraderBudget.For(task.GraderTimeout ?? TimeSpan.FromMinutes(2)).TotalMilliseconds;
        return $$"""
            #!/bin/bash
            # {{Canary}}
            # Harbor verifier of the HarnessBench task {{task.Id}}: the grader's layout is recreated (root-only
            # /hbench/grader, seed, solution and evidence; the runner and library world-readable), the graded
            # /workspace is the task's seed with only the agent's files that match its solution surface laid
            # over it, and the house driver runs the agent's code as uid 1000. Reward 1 only when the driver
            # finished and recorded exactly the {{task.Checks}} declared checks, all passed.
            set -u
            mkdir -p /logs/verifier
            echo 0 > /logs/verifier/reward.txt
            here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/hbench"
            rm -rf /hbench && mkdir -p /hbench/evidence /hbench/private
            cp -a "$here/grader" /hbench/grader
            cp -a "$here/seed" /hbench/seed
            cp -a "$here/solution" /hbench/solution
            cp -a "$here/lib" /hbench/lib
            [ -d /hbench/grader/runner ] && cp -a /hbench/grader/runner /hbench/runner
            chown -R 0:0 /hbench && chmod -R go-rwx /hbench/grader /hbench/seed /hbench/solution /hbench/evidence /hbench/private
            chmod -R a+rX /hbench/lib ${HB_RUNNER:-/hbench/runner} 2>/dev/null; chmod 755 /hbench
            rm -rf /hbench-agent-workspace && mv /workspace /hbench-agent-workspace
            python3 "$here/compose.py" /hbench/seed /hbench-agent-workspace /workspace '{{surface}}'
            chown -R 1000:1000 /workspace
            cd /workspace
            HB_TASK_ID={{task.Id}} HB_CHECKS={{task.Checks}} HB_GRADER_BUDGET_MS={{budget}} bash /hbench/grader/test.sh
            python3 "$here/verdict.py" /hbench/evidence/evidence.jsonl {{task.Checks}} > /logs/verifier/reward.txt
            cat /logs/verifier/reward.txt

            """;
    }

    private const string SolveSh = """
        #!/bin/bash
        # The reference solution of a HarnessBench task, applied the way its oracle does: the files overlay
        # the workspace, then solve.sh (if any) runs there.
        set -euo pipefail
        src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/files"
        cd /workspace
        tar -C "$src" --exclude=./solve.sh -cf - . | tar -C /workspace --no-same-owner -xf -
        if [ -f "$src/solve.sh" ]; then bash "$src/solve.sh"; fi

        """;

    private const string ComposePy = """
        "The graded workspace: the seed with only the agent's regular files that match the surface globs laid over it (HarnessBench's rule)."
        import json, os, re, shutil, sys

        def regex(glob):
            out, parts = "^", glob.split("/")
            for i, part in enumerate(parts):
                last = i == len(parts) - 1
                if part == "**":
                    out += ".*" if last else "(?:[^/]+/)*"
                    continue
                out += "".join("[^/]*" if c == "*" else "[^/]" if c == "?" else re.escape(c) for c in part)
                if not last:
                    out += "/"
            return re.compile(out + "$")

        seed, final, target, globs = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
        include = [regex(g) for g in globs if not g.startswith("!")]
        exclude = [regex(g[1:]) for g in globs if g.startswith("!")]
        inside = lambda p: any(r.match(p) for r in include) and not any(r.match(p) for r in exclude)
        shutil.copytree(seed, target, symlinks=True)
        for root, dirs, files in os.walk(final):
            for name in files:
                full = os.path.join(root, name)
                rel = os.path.relpath(full, final)
                if inside(rel) and not os.path.islink(full):
                    dest = os.path.join(target, rel)
                    os.makedirs(os.path.dirname(dest), exist_ok=True)
                    if os.path.lexists(dest):
                        os.unlink(dest)
                    shutil.copy2(full, dest)
        for root, dirs, files in os.walk(seed):
            for name in files:
                rel = os.path.relpath(os.path.join(root, name), seed)
                if inside(rel) and not os.path.lexists(os.path.join(final, rel)):
                    os.unlink(os.path.join(target, rel))

        """;

    private const string VerdictPy = """
        "Reward 1 when the driver finished and recorded exactly the declared checks, all passed (HarnessBench's verdict)."
        import json, sys

        checks, finished = {}, None
        try:
            with open(sys.argv[1], encoding="utf-8") as f:
                for line in f:
                    try:
                        event = json.loads(line)
                    except ValueError:
                        continue
                    if event.get("event") == "check":
                        checks[event.get("name")] = bool(event.get("passed"))
                    elif event.get("event") == "finish":
                        finished = event
        except OSError:
            pass
        declared = int(sys.argv[2])
        ok = finished is not None and "reason" not in finished and len(checks) == declared and all(checks.values())
        print(1 if ok else 0)

        """;

    [GeneratedRegex(@"^\s*ARG\s+BASE\s*$")]
    private static partial Regex ArgBase();

    [GeneratedRegex(@"^\s*FROM\s+(\S+)(?:\s+AS\s+(\S+))?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex From();

    [GeneratedRegex(@"^(\s*(?:COPY|ADD)\s+(?:--\S+\s+)*)(?!--from)([^/\s][^\s]*\s)", RegexOptions.IgnoreCase)]
    private static partial Regex CopySource();
}
