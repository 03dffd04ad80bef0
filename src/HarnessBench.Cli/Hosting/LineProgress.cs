namespace HarnessBench.Cli.Hosting;

/// <summary>Synchronous IProgress (Progress&lt;T&gt; posts to the thread pool and reorders lines).</summary>
internal sealed class LineProgress(TextWriter output, string indent = "  ") : IProgress<string>
{
    private readonly Lock gate = new();

    public void Report(string value)
    {
        lock (gate)
        {
            output.WriteLine(indent + value);
        }
    }
}
