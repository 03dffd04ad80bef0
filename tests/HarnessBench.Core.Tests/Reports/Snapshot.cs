using System.Runtime.CompilerServices;

namespace HarnessBench.Core.Tests.Reports;

/// <summary>
/// Plain-file snapshots under Reports/Snapshots/ (Verify is not available). A mismatch fails with the
/// path of the received file. To accept new output: run the tests with HBENCH_UPDATE_SNAPSHOTS=1
/// (`HBENCH_UPDATE_SNAPSHOTS=1 dotnet test tests/HarnessBench.Core.Tests --filter ReportSnapshotTests`),
/// then review the change with `git diff tests/HarnessBench.Core.Tests/Reports/Snapshots`. With CI=true the
/// variable makes every snapshot test fail (and scripts/test.sh refuses to start): in CI they must compare.
/// </summary>
internal static class Snapshot
{
    public const string UpdateVariable = "HBENCH_UPDATE_SNAPSHOTS";

    /// <summary>What a snapshot comparison does.</summary>
    public enum Mode
    {
        /// <summary>Compare with the stored file (the normal case).</summary>
        Compare,

        /// <summary>Overwrite the stored file: the test cannot fail, so only on a developer's request.</summary>
        Update,

        /// <summary>Update was asked for in CI, where a snapshot test that cannot fail would pass anything: fail instead.</summary>
        Refuse,
    }

    /// <summary>The mode for the given CI and HBENCH_UPDATE_SNAPSHOTS values (any non-empty update value counts as set for the CI check).</summary>
    public static Mode ModeFor(string? ci, string? update)
    {
        var isCi = ci is not null && (ci.Equals("true", StringComparison.OrdinalIgnoreCase) || ci == "1");
        if (!string.IsNullOrEmpty(update) && isCi) return Mode.Refuse;
        return update is "1" or "true" ? Mode.Update : Mode.Compare;
    }

    public static void Match(string name, string actual, [CallerFilePath] string callerFile = "")
    {
        var expectedPath = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots", name);
        switch (ModeFor(Environment.GetEnvironmentVariable("CI"), Environment.GetEnvironmentVariable(UpdateVariable)))
        {
            case Mode.Refuse:
                Assert.Fail($"{UpdateVariable} is set while CI=true: snapshot tests would accept any output. Unset it in CI; accept new snapshots locally and commit them.");
                return;
            case Mode.Update:
                File.WriteAllText(expectedPath, actual);
                return;
            case Mode.Compare:
            default:
                break;
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
