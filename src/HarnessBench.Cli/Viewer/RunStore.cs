using System.Collections.Concurrent;
using HarnessBench.Cli.Commands;
using HarnessBench.Core.Reports;
using HarnessBench.Core.Results;
using HarnessBench.Core.Tasks;

namespace HarnessBench.Cli.Viewer;

/// <summary>
/// Loaded runs, cached until their results.jsonl changes (a sweep may still be writing it: the next
/// request after a new line sees the new cell). Loading reuses the report loader, so the viewer and
/// report.html agree on every figure. Thread-safe: Kestrel serves requests in parallel.
/// </summary>
internal sealed class RunStore
{
    private readonly ConcurrentDictionary<string, LoadedRun> _runs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ReportSources> _sources = new(StringComparer.Ordinal);
    private readonly Lazy<IReadOnlyDictionary<string, TaskDefinition>> _tasks;
    private readonly Lock _gate = new();
    private readonly Func<IReadOnlyList<RunEntry>> _discover;
    private RunList _runList;

    public RunStore(IReadOnlyList<RunEntry> runs, string? tasksDirectory)
        : this(() => runs, tasksDirectory)
    {
    }

    /// <param name="discover">Lists the runs; called again when the list is older than a second (new runs appear while the viewer runs).</param>
    public RunStore(Func<IReadOnlyList<RunEntry>> discover, string? tasksDirectory)
    {
        _discover = discover;
        TasksDirectory = tasksDirectory;
        _tasks = new(LoadTasks);
        _runList = new RunList(discover(), Environment.TickCount64);
    }

    public IReadOnlyList<RunEntry> Runs
    {
        get
        {
            var list = _runList;
            if (Environment.TickCount64 - list.At < 1000) return list.Runs;
            _runList = list = new RunList(_discover(), Environment.TickCount64);
            return list.Runs;
        }
    }

    /// <summary>tasks/ of the checkout (prompts, seed workspaces); null when unknown.</summary>
    public string? TasksDirectory { get; }

    /// <summary>Valid tasks by id (task.yaml); loaded once.</summary>
    public IReadOnlyDictionary<string, TaskDefinition> Tasks => _tasks.Value;

    public RunEntry? Find(string key) => Runs.FirstOrDefault(r => r.Key == key);

    /// <summary>The run as it is on disk now (reloaded when results.jsonl changed since the last load).</summary>
    public LoadedRun Get(RunEntry run)
    {
        var stamp = Stamp(run.Directory);
        if (_runs.TryGetValue(run.Key, out var cached) && cached.Stamp == stamp) return cached;
        lock (_gate)
        {
            // One load at a time: two tabs opening a 10k-cell run must not parse it twice.
            stamp = Stamp(run.Directory);
            if (_runs.TryGetValue(run.Key, out cached) && cached.Stamp == stamp) return cached;
            var sources = _sources.GetOrAdd(run.Directory, Sources);
            var bench = sources.BenchName ?? ReportHeading(run.Directory);
            var input = ReportLoader.Load([run.Directory], sources with { TasksDirectory = null, BenchName = bench });
            var loaded = new LoadedRun(run, stamp, WithTaskMetadata(input));
            _runs[run.Key] = loaded;
            return loaded;
        }
    }

    /// <summary>Forgets every loaded run (the benchmark's cold-open measurement).</summary>
    public void Clear() => _runs.Clear();

    /// <summary>The checkout's bench.yaml when it wrote this run (model metadata, bench name); nothing when it cannot be read.</summary>
    private ReportSources Sources(string runDirectory)
    {
        try
        {
            return ReportFiles.SourcesFor(null, TasksDirectory, runDirectory, TextWriter.Null);
        }
        catch (Exception e) when (e is Hosting.HarnessDefinitionsInvalidException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            // A viewer shows runs even while someone edits bench.yaml or a harness definition.
            return new ReportSources(null, null, null, Environment.MachineName);
        }
    }

    private static (long Length, DateTime Modified) Stamp(string runDirectory)
    {
        var file = new FileInfo(Path.Combine(runDirectory, JsonlResultStore.FileName));
        return file.Exists ? (file.Length, file.LastWriteTimeUtc) : (-1, DateTime.MinValue);
    }

    /// <summary>
    /// Language and difficulty from the tasks loaded once for the whole viewer (the report loader
    /// would read and hash every task folder again on each reload of a growing run).
    /// </summary>
    private ReportInput WithTaskMetadata(ReportInput input)
    {
        if (Tasks.Count == 0) return input;
        var cells = input.Cells.Select(c => Tasks.TryGetValue(c.Task, out var t)
            ? c with { Language = t.Language, Difficulty = t.Difficulty.ToString().ToLowerInvariant() }
            : c).ToList();
        return input with { Cells = cells };
    }

    private Dictionary<string, TaskDefinition> LoadTasks()
    {
        if (TasksDirectory is null || !Directory.Exists(TasksDirectory)) return new Dictionary<string, TaskDefinition>();
        return TaskRepository.Load(TasksDirectory).Tasks.ToDictionary(t => t.Id, StringComparer.Ordinal);
    }

    /// <summary>
    /// The bench name the sweep wrote into the run's report ("# HarnessBench report: NAME"): result
    /// lines do not carry it, and the checkout's bench.yaml knows only the runs it wrote itself.
    /// </summary>
    private static string? ReportHeading(string runDirectory)
    {
        const string Prefix = "# HarnessBench report: ";
        try
        {
            var path = Path.Combine(runDirectory, ReportFiles.MarkdownName);
            if (!File.Exists(path)) return null;
            using var reader = new StreamReader(path);
            var first = reader.ReadLine();
            return first is not null && first.StartsWith(Prefix, StringComparison.Ordinal) ? first[Prefix.Length..].Trim() : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The run list and when it was made (swapped as one reference: requests read it in parallel).</summary>
    private sealed record RunList(IReadOnlyList<RunEntry> Runs, long At);
}
