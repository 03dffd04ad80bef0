using System.Diagnostics;
using HarnessBench.Core.Reports;
using HarnessBench.Core.Reports.Rendering;
using HarnessBench.Core.Tests.Support;

namespace HarnessBench.Core.Tests.Reports;

/// <summary>
/// report.html is one self-contained file that a real browser renders: headless Chromium takes a
/// screenshot and dumps the DOM. Without Chromium the browser tests are skipped loudly, except in CI
/// (CI=true), where scripts/test.sh installs it and a missing browser is a failure.
/// </summary>
public class HtmlReportTests
{
    private static readonly string[] Headings =
    [
        "Leaderboard", "Speed / accuracy frontier", "Models and harnesses", "Tasks", "Pass rate vs model size",
        "Paired comparison: qwen3-1.5b-q4 vs qwen3-1.5b-q8", "Contamination", "Speed (gateway metering)", "Repeats", "Errors",
    ];

    private static string Html() =>
        HtmlReport.Render(ReportLayout.Layout(ReportBuilder.Build(ReportSnapshotTests.FixedInput(), ReportSnapshotTests.PairOptions)));

    [Fact]
    public void The_html_is_self_contained()
    {
        var html = Html();
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"http", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<style>", html, StringComparison.Ordinal);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
        Assert.Equal(3, html.Split("<svg").Length - 1); // time frontier, token frontier, params
    }

    [ChromiumFact]
    public async Task Chromium_renders_the_report_with_every_section()
    {
        using var dir = new TempDirectory();
        var page = dir.Write("report.html", Html());
        var png = dir.Combine("report.png");

        var shot = await Chromium.RunAsync(dir.Combine("profile-shot"), $"--screenshot={png}", "--window-size=1280,2000", new Uri(page).AbsoluteUri);
        var dom = await Chromium.RunAsync(dir.Combine("profile-dom"), "--dump-dom", new Uri(page).AbsoluteUri);

        Assert.True(File.Exists(png), $"no screenshot; chromium said: {shot.Stderr}");
        Assert.True(new FileInfo(png).Length > 30_000, $"the screenshot is suspiciously small ({new FileInfo(png).Length} bytes): a blank page?");
        var bytes = await File.ReadAllBytesAsync(png);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        foreach (var heading in Headings)
        {
            Assert.Contains($">{System.Net.WebUtility.HtmlEncode(heading)}</h2>", dom.Stdout, StringComparison.Ordinal);
        }

        Assert.Contains("<svg", dom.Stdout, StringComparison.Ordinal);
        Assert.Contains("class=\"frontier\"", dom.Stdout, StringComparison.Ordinal);
    }
}

/// <summary>A fact that needs headless Chromium (Debian package `chromium`).</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        var ci = Environment.GetEnvironmentVariable("CI") is "true" or "1";
        if (!ci && Chromium.Path is null)
        {
            Skip = "*** CHROMIUM NOT INSTALLED: HTML rendering test skipped (apt-get install -y chromium; CI=true makes this a failure).";
        }
    }
}

internal static class Chromium
{
    public static string? Path { get; } = Find();

    public static async Task<(string Stdout, string Stderr)> RunAsync(string profile, params string[] args)
    {
        var start = new ProcessStartInfo(Path ?? "chromium")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("chromium did not finish within 90 s");
        }

        return (await stdout, await stderr);
    }

    private static string? Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in new[] { "chromium", "chromium-browser" })
            {
                var candidate = System.IO.Path.Combine(dir, name);
                if (File.Exists(candidate)) return candidate;
            }
        }

        return null;
    }
}
