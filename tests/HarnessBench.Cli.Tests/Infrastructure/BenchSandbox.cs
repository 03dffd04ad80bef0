using System.Security.Cryptography;

namespace HarnessBench.Cli.Tests.Infrastructure;

/// <summary>
/// A test's own folder (bench.yaml, tasks/, results/) and bench run name. Disposing removes every
/// container labelled with the run (also when the test failed half-way) and the folder.
/// </summary>
internal sealed class BenchSandbox : IAsyncDisposable
{
    public BenchSandbox(string purpose)
    {
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        RunName = $"{purpose}-{suffix}";
        Root = Path.Combine(Path.GetTempPath(), $"hbcli-{RunName}");
        Directory.CreateDirectory(Root);
    }

    /// <summary>Unique per test, so that containers and results of concurrent users never mix with ours.</summary>
    public string RunName { get; }

    public string Root { get; }

    public string TasksDirectory => Path.Combine(Root, "tasks");

    public string RunDirectory => Path.Combine(Root, "results", RunName);

    public string ResultsPath => Path.Combine(RunDirectory, "results.jsonl");

    public ResultsFile ReadResults() => ResultsFile.Read(ResultsPath);

    /// <summary>A cell's copied-back workspace.</summary>
    public string CellWorkspace(string cellId) => Path.Combine(RunDirectory, "cells", cellId, "workspace");

    public string Write(string relative, string content, bool executable = false)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.ReplaceLineEndings("\n"));
        if (executable)
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        return path;
    }

    /// <summary>
    /// bench.yaml for the built-in harnesses (no models: model "none") over tasks/, results in
    /// results/&lt;RunName&gt;. <paramref name="extra"/> is appended as YAML.
    /// </summary>
    public string WriteBench(IEnumerable<string> tasks, int repeats = 1, int concurrency = 2, string harnesses = "[oracle]", string extra = "") =>
        Write("bench.yaml", $"""
            name: {RunName.Split('-')[0]}
            run: {RunName}
            results: results
            tasks_dir: tasks
            harnesses: {harnesses}
            tasks: [{string.Join(", ", tasks)}]
            repeats: {repeats}
            concurrency: {concurrency}
            timeouts:
              agent: 3m
              grader: 2m
            sandbox:
              cpus: 1
              memory: 512m
              pids: 256
              tmpfs: 64m
            {extra}
            """);

    /// <summary>
    /// A python-toolchain task whose oracle runs <paramref name="solveScript"/> in /workspace and
    /// whose grader is a driver in miniature: one check, passed when <paramref name="testScript"/>
    /// succeeds, written as evidence (defaults: write done.txt / check it).
    /// </summary>
    public void WriteScriptTask(string id, string solveScript, string testScript = "test -f /workspace/done.txt\n")
    {
        Write($"tasks/{id}/task.yaml", $"""
            id: {id}
            title: End-to-end test task {id}
            language: bash
            difficulty: easy
            category: test
            toolchain: python
            checks: 1
            surface: ["*"]
            prompt: Create done.txt.
            """);
        Write($"tasks/{id}/workspace/README", "seed workspace\n");
        Write($"tasks/{id}/solution/solve.sh", solveScript);
        Write($"tasks/{id}/tests/test.sh", $$"""
            #!/usr/bin/env bash
            set -u
            evidence=/hbench/evidence/evidence.jsonl
            echo '{"event": "agent-code"}' >> "$evidence"
            if ( {{testScript.TrimEnd()}}
            ); then ok=true; n=1; else ok=false; n=0; fi
            printf '{"event": "check", "name": "test", "passed": %s}\n{"event": "finish", "checks": 1, "passed": %d}\n' "$ok" "$n" >> "$evidence"

            """, executable: true);
    }

    /// <summary>Copies a shipped task into tasks/, optionally under another id (task.yaml's id follows).</summary>
    public string CopyShippedTask(string id, string? newId = null)
    {
        var target = Path.Combine(TasksDirectory, newId ?? id);
        CopyTree(Path.Combine(RepoPaths.Tasks, id), target);
        var library = Path.Combine(TasksDirectory, "_lib");
        if (!Directory.Exists(library)) CopyTree(Path.Combine(RepoPaths.Tasks, "_lib"), library); // the graders' driver library
        if (newId is not null)
        {
            var yaml = Path.Combine(target, "task.yaml");
            File.WriteAllText(yaml, File.ReadAllText(yaml).Replace($"id: {id}\n", $"id: {newId}\n", StringComparison.Ordinal));
        }

        return target;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var engine = EngineApi.FromEnvironment();
            await engine.RemoveBenchRunAsync(RunName);
        }
        catch (NotSupportedException)
        {
            // DOCKER_HOST is not a unix socket: the engine tests were skipped or failed already.
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temp folder does not fail a test.
        }
    }

    private static void CopyTree(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.EnumerateDirectories(source))
        {
            CopyTree(dir, Path.Combine(target, Path.GetFileName(dir)));
        }
    }
}
