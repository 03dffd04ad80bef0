using System.Diagnostics;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Sweep;
using Spectre.Console;

namespace HarnessBench.Cli.Rendering;

/// <summary>
/// Live terminal progress: done/total, passes, errors, the running cells with their elapsed time
/// and an ETA from the mean finished-cell time. Finished cells scroll above as plain lines.
/// </summary>
internal sealed class LiveProgressView : ISweepObserver, IDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, (Cell Cell, long StartedTicks)> running = new(StringComparer.Ordinal);
    private readonly IAnsiConsole console;
    private readonly PlainProgressObserver lines;

    // Events arrive on sweep threads; Spectre's live display must only be written from its own loop.
    private readonly QueuedLineWriter pendingLines = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private SweepProgress progress = new(0, 0, 0, 0, 0, 0);
    private double finishedSeconds;

    public LiveProgressView(IAnsiConsole console)
    {
        this.console = console;
        lines = new PlainProgressObserver(pendingLines);
    }

    public void OnEvent(SweepEvent sweepEvent)
    {
        lock (gate)
        {
            switch (sweepEvent)
            {
                case SweepStarted started:
                    progress = started.Progress;
                    break;
                case CellStarted started:
                    running[started.Cell.Id.Value] = (started.Cell, clock.ElapsedTicks);
                    progress = started.Progress;
                    break;
                case CellFinished finished:
                    running.Remove(finished.Cell.Id.Value);
                    progress = finished.Progress;
                    finishedSeconds += finished.Elapsed.TotalSeconds;
                    break;
            }
        }

        if (sweepEvent is not CellStarted)
        {
            lines.OnEvent(sweepEvent);
        }
    }

    /// <summary>Runs <paramref name="work"/> while redrawing the status twice a second.</summary>
    public async Task<T> RunAsync<T>(Func<ISweepObserver, Task<T>> work)
    {
        T result = default!;
        await console.Live(Render()).AutoClear(true).StartAsync(async context =>
        {
            var task = work(this);
            while (!task.IsCompleted)
            {
                DrainLines();
                context.UpdateTarget(Render());
                await Task.WhenAny(task, Task.Delay(250));
            }

            DrainLines();
            result = await task;
        });
        return result;
    }

    private Rows Render()
    {
        lock (gate)
        {
            var p = progress;
            var eta = p.Finished == 0 ? "?" : FormatDuration(TimeSpan.FromSeconds(
                finishedSeconds / p.Finished * (p.Total - p.Finished) / Math.Max(1, Math.Max(p.Running, 1))));
            var table = new Table().Border(TableBorder.Simple).AddColumn("running cell").AddColumn("elapsed");
            foreach (var (cell, startedTicks) in running.Values.OrderBy(r => r.StartedTicks))
            {
                var elapsed = TimeSpan.FromTicks((clock.ElapsedTicks - startedTicks) * TimeSpan.TicksPerSecond / Stopwatch.Frequency);
                table.AddRow(Markup.Escape(cell.Id.Value), FormatDuration(elapsed));
            }

            var header = new Markup(
                $"[bold]{p.Finished}/{p.Total}[/] done  [green]{p.Passed} pass[/]  [yellow]{p.Failed} fail[/]  " +
                $"[red]{p.Errors} error[/]  {p.Running} running  ETA {eta}");
            return new Rows(header, table);
        }
    }

    private static string FormatDuration(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:D2}m" : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:D2}s" : $"{t.TotalSeconds:F0}s";

    public void Dispose() => pendingLines.Dispose();

    private void DrainLines()
    {
        foreach (var line in pendingLines.Drain())
        {
            console.WriteLine(line);
        }
    }

    /// <summary>Collects whole lines from any thread until the live loop prints them above the status.</summary>
    private sealed class QueuedLineWriter : StringWriter
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> queue = new();

        public override void WriteLine(string? value) => queue.Enqueue(value ?? string.Empty);

        public IEnumerable<string> Drain()
        {
            while (queue.TryDequeue(out var line))
            {
                yield return line;
            }
        }
    }
}
