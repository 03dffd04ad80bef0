using System.Runtime.CompilerServices;

namespace HarnessBench.Core.Tests.Reports;

/// <summary>
/// Plain-file snapshots under Reports/Snapshots/ (Verify is not available). A mismatch fails with the
/// path of the received file. To accept new output: run the tests with HBENCH_UPDATE_SNAPSHOTS=1
/// (`HBENCH_UPDATE_SNAPSHOTS=1 dotnet test tests/HarnessBench.Core.Tests --filter ReportSnapshotTests`),
/// then review the change with `git diff tests/HarnessBench.Core.Tests/Reports/Snapshots`.
/// </summary>
internal static class Snapshot
{
    public static void Match(string name, string actual, [CallerFilePath] string callerFile = "")
    {
        var expectedPath = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots", name);
        if (Environment.GetEnvironmentVariable("HBENCH_UPDATE_SNAPSHOTS") is "1" or "true")
        {
            File.WriteAllText(expectedPath, actual);
            return;
        }

        var received = Path.Combine(Path.GetTempPath(), "hbench-snapshots", name + ".received");
        Directory.CreateDirectory(Path.GetDirectoryName(received)!);
        if (!File.Exists(expectedPath))
        {
            File.WriteAllText(received, actual);
            Assert.Fail($"No snapshot {expectedPath}. Received output: {received}. Accept it with HBENCH_UPDATE_SNAPSHOTS=1.");
        }

        var expected = File.ReadAllText(expectedPath);
        if (expected == actual) return;
        File.WriteAllText(received, actual);
        var line = FirstDifferentLine(expected, actual);
        Assert.Fail($"{name} differs from {expectedPath} at line {line.Number}:\n  expected: {line.Expected}\n  actual:   {line.Actual}\n" +
            $"Received output: {received} (diff -u {expectedPath} {received}). If the change is intended, rerun with HBENCH_UPDATE_SNAPSHOTS=1.");
    }

    private static (int Number, string Expected, string Actual) FirstDifferentLine(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var el = i < e.Length ? e[i] : "<end of file>";
            var al = i < a.Length ? a[i] : "<end of file>";
            if (el != al) return (i + 1, el, al);
        }

        return (0, "", "");
    }
}
