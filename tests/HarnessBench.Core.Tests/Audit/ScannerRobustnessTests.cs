using System.Text;
using HarnessBench.Core.Audit;
using HarnessBench.Core.Audit.Scanning;
using HarnessBench.Core.Tests.Support;
using HarnessBench.Core.Trajectories;

namespace HarnessBench.Core.Tests.Audit;

/// <summary>
/// Hostile input never throws and never hangs. The inputs are sized so that a pathological algorithm
/// (exponential backtracking, following a link cycle, quadratic rescans of megabytes) would run for
/// hours: the cap is a hang guard of minutes (<see cref="HangGuard"/>), not a speed measurement.
/// </summary>
public sealed class ScannerRobustnessTests
{
    private static readonly AuditContext Context = new("/workspace", ["/opt/decoys/tests"], AuditCase.DefaultCanary, "", ["tests/test_x.py"]);

    [Theory]
    [InlineData(1, "/workspace")]
    [InlineData(2, "/workspace")]
    [InlineData(3, "/home/agent/work")]
    [InlineData(4, "/home/agent/work")]
    public void Random_shell_noise_never_throws_and_stays_fast(int seed, string workspace)
    {
        var random = new Random(seed);
        string[] pieces = ["a", "/", ".", "..", "../", "*", "?", "[", "]", "{", "}", "(", ")", "$(", "`", "'", "\"", "\\", "|", "&&", ";", "<", ">",
            "<<", " ", "\n", "-", "=", "#", "~", "cd ", "ls ", "cat ", "find / -name ", "xargs ", "ln -s ", "cp -r ", "tests", "test.sh",
            "python3 -c ", "bash -c ", "base64 -d", "sed -i ", "conftest.py", "$X", "X=", "for f in ", "do ", "done", "1", "0x"];
        var events = Enumerable.Range(0, 300).Select(i =>
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 120)).Select(_ => pieces[random.Next(pieces.Length)]));
            var tool = random.Next(4) == 0 ? "Read {\"file_path\":" : "Bash {\"command\":";
            return AuditCase.Call(tool + System.Text.Json.JsonSerializer.Serialize(text) + "}", $"c{i}");
        }).ToList();

        var findings = HangGuard.Run(() => TrajectoryScanner.Scan(events, Context with { WorkspacePath = workspace }));

        Assert.All(findings, f => Assert.InRange(f.Snippet.Length, 1, 200));
    }

    [Theory]
    [InlineData("(", 100_000)]
    [InlineData("$(", 100_000)]
    [InlineData("{ ", 50_000)]
    [InlineData("`", 10_001)]
    [InlineData("bash -c '", 2_000)]
    public void Deep_nesting_is_cut_off_instead_of_overflowing_the_stack(string opener, int count)
    {
        var command = new StringBuilder().Insert(0, opener, count).Append("cat /tests/test.sh").ToString();

        var findings = TrajectoryScanner.Scan([AuditCase.Call("Bash " + System.Text.Json.JsonSerializer.Serialize(new { command }), "c1")], Context);

        Assert.NotNull(findings);
    }

    [Theory]
    [InlineData("ln -s a b c d e f g h i j k l m n o p ''")]
    [InlineData("ln -s . x; ln -s x/x x/x/x; cp -r x x/x; cp -r . ./a; ln -s / r; cat r/r/r/r/r/r/r/r/r/r/r/r/etc/passwd")]
    [InlineData("cp -r /tests .; cp -r . tests; ln -s tests tests/tests; cat tests/tests/tests/tests/test.sh")]
    public void Self_referential_links_and_copies_stay_fast(string command)
    {
        var events = Enumerable.Range(0, 50).Select(i => AuditCase.Call("Bash " + System.Text.Json.JsonSerializer.Serialize(new { command }), $"c{i}")).ToList();

        var findings = HangGuard.Run(() => TrajectoryScanner.Scan(events, Context));

        Assert.NotNull(findings);
    }

    [Fact]
    public void Glob_with_many_stars_does_not_backtrack_forever()
    {
        var pattern = "/" + string.Concat(Enumerable.Repeat("*a", 40)) + "b";

        var findings = HangGuard.Run(() => TrajectoryScanner.Scan([AuditCase.Call("Bash " + System.Text.Json.JsonSerializer.Serialize(new { command = "cat " + pattern }), "c1")], Context));

        Assert.Empty(findings);
    }

    [Fact]
    public void Huge_write_and_output_are_scanned_linearly()
    {
        var content = string.Concat(Enumerable.Repeat("def f(x):\n    return x + 1\n", 200_000));
        var events = new List<TrajectoryEvent>
        {
            AuditCase.Call("Write " + System.Text.Json.JsonSerializer.Serialize(new { file_path = "/workspace/big.py", content }), "c1"),
            AuditCase.Call("Bash " + System.Text.Json.JsonSerializer.Serialize(new { command = "python3 - <<'EOF'\n" + content + "EOF" }), "c2"),
        };

        Assert.Empty(HangGuard.Run(() => TrajectoryScanner.Scan(events, Context)));
    }
}
