using System.Text.Json;
using HarnessBench.Core.Trajectories;

namespace HarnessBench.Core.Tests.Trajectories;

internal static class TrajectoryFixtures
{
    public static string Text(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Trajectories", "Fixtures", name));

    public static TrajectoryParseResult Parse(string format, string name) =>
        Parser(format).ParseText(Text(name));

    public static ITrajectoryParser Parser(string format) =>
        TrajectoryParsers.ForFormat(format) ?? throw new InvalidOperationException($"no parser for {format}");

    /// <summary>Kind and tool of every event, compact enough to assert a whole trajectory at once.</summary>
    public static string[] Shape(TrajectoryParseResult result) =>
        result.Events.Select(e => e.ToolName is null ? $"{e.Actor}:{e.Kind}" : $"{e.Actor}:{e.Kind}:{e.ToolName}").ToArray();

    public static string Arg(TrajectoryEvent e, string name) =>
        e.Arguments is { ValueKind: JsonValueKind.Object } args && args.TryGetProperty(name, out var value)
            ? value.GetString() ?? ""
            : throw new InvalidOperationException($"event {e.Step} has no argument '{name}'");

    public static TrajectoryEvent Single(TrajectoryParseResult result, TrajectoryEventKind kind) =>
        Assert.Single(result.Events, e => e.Kind == kind);

    public static void AssertStepsAreSequential(TrajectoryParseResult result)
    {
        for (var i = 0; i < result.Events.Count; i++)
        {
            Assert.Equal(i, result.Events[i].Step);
        }
    }
}
