using System.Diagnostics;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Sweep;
using Spectre.Console;

namespace HarnessBench.Cli.Rendering;

/// <summary>
/// Live terminal progress: a bar with done/total, passes, fails, errors and an ETA from the mean
/// finished-cell time, then the running cells with their elapsed time. Finished cells scroll above as
/// plain lines. Everything is cut to the terminal's width: a wrapped line is what left fragments.
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
            // Never wider than the terminal: a line that wraps is what left fragments of the status behind.
            var width = Math.Max(40, console.Profile.Width - 1);
            var eta = p.Finished == 0 ? "?" : FormatDuration(TimeSpan.FromSeconds(
                finishedSeconds / p.Finished * (p.Total - p.Finished) / Math.Max(1, Math.Max(p.Running, 1))));
            var counts = $" {p.Finished}/{p.Total}  {p.Passed} pass  {p.Failed} fail  {p.Errors} error  ETA {eta}";
            var barWidth = Math.Clamp(width - counts.Length - 2, 10, 40);
            var filled = p.Total == 0 ? barWidth : (int)Math.Round((double)p.Finished / p.Total * barWidth);
            var header = new Markup(
                $"[green]{new string('#', filled)}[/][grey]{new string('.', barWidth - filled)}[/]" +
                Markup.Escape(Fit(counts, width - barWidth)));
            var table = new Table().Border(TableBorder.None).HideHeaders().AddColumn("cell").AddColumn(new TableColumn("elapsed").RightAligned());
            foreach (var (cell, startedTicks) in running.Values.OrderBy(r => r.StartedTicks).Take(Math.Max(1, console.Profile.Height - 4)))
            {
                var elapsed = TimeSpan.FromTicks((clock.ElapsedTicks - startedTicks) * TimeSpan.TicksPerSecond / Stopwatch.Frequency);
                table.AddRow(Markup.Escape(Fit("  " + cell.Id.Value, width - 10)), FormatDuration(elapsed));
            }

            return new Rows(header, table);
        }
    }

    /// <summary>Cuts <paramref name="text"/> to <paramref name="width"/> characters, marking the cut.</summary>
    internal static string Fit(string text, int width) =>
        text.Length <= width ? text : width <= 1 ? text[..Math.Max(0, width)] : text[..(width - 1)] + "…";

    private static string FormatDuration(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:D2}m" : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:D2}s" : $"{t.TotalSeconds:F0}s";

    public void Dispose() => pendingLines.Dispose();

    private void DrainLines()
    {
        var width = Math.Max(40, console.Profile.Width - 1);
        foreach (var line in pendingLines.Drain())
        {
            console.WriteLine(Fit(line, width), Style.Plain);
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
