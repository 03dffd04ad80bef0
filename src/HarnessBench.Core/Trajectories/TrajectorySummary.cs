namespace HarnessBench.Core.Trajectories;

/// <summary>
/// What reports count per cell, derived from its events. <see cref="Turns"/> is the number of model
/// responses: usage events from the model (one per response in every format), or, for a log without
/// usage, the number of runs of consecutive model events. <see cref="Tokens"/> is the session total
/// the harness reported at session end when it did, else the sum of per-response usage.
/// </summary>
public sealed record TrajectorySummary(
    int Events,
    int ToolCalls,
    IReadOnlyDictionary<string, int> ToolCallsByTool,
    int ToolErrors,
    int Errors,
    int Turns,
    TokenCounts Tokens,
    string? FinalText)
{
    public static TrajectorySummary From(IReadOnlyList<TrajectoryEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var byTool = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int toolCalls = 0, toolErrors = 0, errors = 0, usageTurns = 0, modelRuns = 0;
        var summed = new TokenCounts();
        TokenCounts? reported = null;
        string? lastModelText = null, endText = null;
        var previousWasModel = false;
        foreach (var e in events)
        {
            var isModel = e.Actor == TrajectoryActor.Model;
            if (isModel && !previousWasModel)
            {
                modelRuns++;
            }
            previousWasModel = isModel;
            switch (e.Kind)
            {
                case TrajectoryEventKind.ToolCall:
                    toolCalls++;
                    var name = e.ToolName ?? "(unnamed)";
                    byTool[name] = byTool.GetValueOrDefault(name) + 1;
                    break;
                case TrajectoryEventKind.ToolResult when e.IsError == true:
                    toolErrors++;
                    break;
                case TrajectoryEventKind.Error:
                    errors++;
                    break;
                case TrajectoryEventKind.Usage when isModel:
                    usageTurns++;
                    summed = e.Tokens is null ? summed : summed.Add(e.Tokens);
                    break;
                case TrajectoryEventKind.Message when isModel:
                    lastModelText = e.Text;
                    break;
                case TrajectoryEventKind.SessionEnd:
                    errors += e.IsError == true ? 1 : 0;
                    reported = e.Tokens ?? reported;
                    endText = e.Text ?? endText;
                    break;
                default:
                    break;
            }
        }
        return new TrajectorySummary(
            events.Count,
            toolCalls,
            byTool,
            toolErrors,
            errors,
            usageTurns > 0 ? usageTurns : modelRuns,
            reported ?? summed,
            endText ?? lastModelText);
    }
}
