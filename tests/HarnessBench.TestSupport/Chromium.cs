using System.Diagnostics;

namespace HarnessBench.TestSupport;

/// <summary>A fact that needs headless Chromium (Debian package `chromium`); skipped loudly outside CI, a failure in CI.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        var ci = Environment.GetEnvironmentVariable("CI") is "true" or "1";
        if (!ci && Chromium.Path is null)
        {
            Skip = "*** CHROMIUM NOT INSTALLED: browser test skipped (apt-get install -y chromium; CI=true makes this a failure).";
        }
    }
}

/// <summary>Headless Chromium for the report's and the viewer's browser tests: a fresh profile per call, no network services.</summary>
public static class Chromium
{
    public static string? Path { get; } = Find();

    /// <summary>The DOM after the page's scripts ran.</summary>
    public static async Task<string> DomAsync(string profile, string url)
    {
        var (stdout, stderr) = await RunAsync(profile, "--dump-dom", url);
        Assert.True(stdout.Length > 0, $"chromium printed no DOM for {url}: {stderr}");
        return stdout;
    }

    public static async Task<(string Stdout, string Stderr)> RunAsync(string profile, params string[] args)
    {
        var start = new ProcessStartInfo(Path ?? "chromium") { RedirectStandardOutput = true, RedirectStandardError = true };
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
