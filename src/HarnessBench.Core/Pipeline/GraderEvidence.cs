using System.Text.Json;

namespace HarnessBench.Core.Pipeline;

/// <summary>
/// What a grader's driver wrote to its root-only evidence file (tasks/_lib/hbgrade.py): the checks it
/// recorded, whether the agent's code ever ran, a grader fault, and the finish line. Only a process
/// running as root in the grader container can write it; the agent's code runs as uid 1000.
/// </summary>
/// <param name="Exists">The file was there at all.</param>
/// <param name="AgentCodeRan">The driver started the agent's code (building or running it) at least once.</param>
/// <param name="Checks">Every check line, in order.</param>
/// <param name="Finish">The finish line, or null when the driver never finished.</param>
/// <param name="GraderFault">Set when the driver reported a fault of its own (its reference build failed...).</param>
/// <param name="Problem">Why the file could not be read as evidence (too large, malformed line); null when it could.</param>
public sealed record GraderEvidence(
    bool Exists,
    bool AgentCodeRan,
    IReadOnlyList<EvidenceCheck> Checks,
    EvidenceFinish? Finish,
    string? GraderFault,
    string? Problem)
{
    public const string FileName = "evidence.jsonl";

    /// <summary>Evidence files beyond this size are refused (a driver writes a few KB).</summary>
    public const long MaxBytes = 8L << 20;

    public static GraderEvidence Missing { get; } = new(false, false, [], null, null, null);

    /// <summary>Reads <paramref name="path"/>; never throws for a missing or malformed file.</summary>
    public static GraderEvidence Read(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.LinkTarget is not null) return Missing;
        if (info.Length > MaxBytes) return Missing with { Exists = true, Problem = $"the evidence file is {info.Length} bytes (limit {MaxBytes})" };
        var checks = new List<EvidenceCheck>();
        var agentCodeRan = false;
        EvidenceFinish? finish = null;
        string? fault = null;
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0) continue;
            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                switch (Text(root, "event"))
                {
                    case "agent-code":
                        agentCodeRan = true;
                        break;
                    case "check":
                        checks.Add(new EvidenceCheck(Text(root, "name") ?? $"#{checks.Count + 1}", root.GetProperty("passed").GetBoolean(), Text(root, "detail") ?? ""));
                        break;
                    case "finish":
                        finish = new EvidenceFinish(Int(root, "checks"), Int(root, "passed"), Int(root, "declared"), Int(root, "budget_worst_ms"), Text(root, "reason"));
                        break;
                    case "grader-fault":
                        fault = Text(root, "reason") ?? "the grader reported a fault";
                        break;
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
            {
                return new GraderEvidence(true, agentCodeRan, checks, null, fault, $"evidence line {number} is malformed ({ex.GetType().Name})");
            }
        }
        return new GraderEvidence(true, agentCodeRan, checks, finish, fault, null);
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int Int(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : 0;
}

/// <summary>One check a driver recorded.</summary>
public sealed record EvidenceCheck(string Name, bool Passed, string Detail);

/// <summary>The driver's finish line.</summary>
/// <param name="Checks">How many checks the driver says it recorded.</param>
/// <param name="Passed">How many of them passed.</param>
/// <param name="Declared">The count it was told the task declares.</param>
/// <param name="BudgetWorstMs">The sum of the worst-case time of every step it took (for <c>tasks validate</c>).</param>
/// <param name="Reason">Why it ended early (abort), when it did.</param>
public sealed record EvidenceFinish(int Checks, int Passed, int Declared, int BudgetWorstMs, string? Reason);
