using System.Text;
using System.Text.Json;
using HarnessBench.Core.Config;
using HarnessBench.Core.Results;

namespace HarnessBench.Core.Reports;

/// <summary>Shape of a synthetic run (for `hbench bench report` and the report snapshot tests).</summary>
public sealed record SyntheticSpec(int Models, int Harnesses, int Tasks, int Repeats, int Seed = 7, bool Metering = true, bool Audit = true);

/// <summary>A synthetic run: cells plus the model metadata a bench file would declare.</summary>
public sealed record SyntheticRun(IReadOnlyList<ReportCell> Cells, IReadOnlyDictionary<string, ModelMetadata> Models);

/// <summary>
/// Deterministic, plausible cells: pass probability from model size, quantization, harness and task
/// difficulty; a few errors of each kind; metering and audit data on request. Same spec, same cells
/// (System.Random with a seed is stable across .NET versions).
/// </summary>
public static class SyntheticCells
{
    private static readonly string[] Families = ["qwen3", "llama3", "gemma3", "mistral", "deepseek", "phi4", "granite", "olmo"];
    private static readonly double[] Sizes = [1.5, 7, 14, 32, 70, 120, 235, 480];
    private static readonly string[] HarnessNames = ["claude-code", "opencode", "pi", "qwen-code", "aider", "bare"];
    private static readonly string[] Languages = ["python", "c", "rust", "sql", "typescript"];
    private static readonly string[] DifficultyNames = ["easy", "medium", "hard"];
    private static readonly ErrorKind[] Kinds = [ErrorKind.AgentTimeout, ErrorKind.AgentCrash, ErrorKind.GraderTimeout, ErrorKind.Infra];
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    public static SyntheticRun Generate(SyntheticSpec spec, string run = "synthetic")
    {
        var random = new Random(spec.Seed);
        var models = Enumerable.Range(0, spec.Models).Select(ModelName).ToList();
        var metadata = models.Select((m, i) => (m, meta: Metadata(i))).ToDictionary(x => x.m, x => x.meta, StringComparer.Ordinal);
        var harnesses = Enumerable.Range(0, spec.Harnesses).Select(h => h < HarnessNames.Length ? HarnessNames[h] : $"harness-{h}").ToList();
        var cells = new List<ReportCell>(spec.Models * spec.Harnesses * spec.Tasks * spec.Repeats);
        var clock = Start;
        for (var mi = 0; mi < models.Count; mi++)
        {
            var meta = metadata[models[mi]];
            var size = Sizes[mi / 2 % Sizes.Length];
            var skill = Math.Log2(size + 1) * 0.6 - 0.6 - (mi % 2 == 0 ? 0.35 : 0);
            // Bigger models and 8-bit quants are slower: the frontier has a real trade-off.
            var slowness = (0.4 + 0.25 * Math.Log2(size + 1)) * (mi % 2 == 0 ? 1 : 1.2);
            for (var hi = 0; hi < harnesses.Count; hi++)
            {
                var harnessSkill = (hi % 3 - 1) * 0.4;
                for (var ti = 0; ti < spec.Tasks; ti++)
                {
                    var difficulty = ti % 3;
                    for (var r = 1; r <= spec.Repeats; r++)
                    {
                        var p = 1 / (1 + Math.Exp(-(skill + harnessSkill - difficulty * 0.9 + (ti % 5 - 2) * 0.15)));
                        var u = random.NextDouble();
                        var error = u < 0.03 ? Kinds[(int)(u * 1000) % Kinds.Length] : (ErrorKind?)null;
                        var verdict = error is not null ? Verdict.Error : random.NextDouble() < p ? Verdict.Pass : Verdict.Fail;
                        var agentMs = (long)(20_000 + 40_000 * (difficulty + 1) * (0.5 + random.NextDouble()) * slowness * (hi % 2 == 0 ? 1 : 0.75));
                        var timings = new CellTimings(3, agentMs, 2_000 + random.Next(3_000), agentMs + 6_000, agentMs - 500, 1_500, 4_000);
                        var task = $"task-{ti + 1:00}";
                        var metering = spec.Metering ? Metering(random, agentMs, mi) : null;
                        var audit = spec.Audit ? Audit(random, hi) : null;
                        var started = clock;
                        clock = clock.AddMilliseconds(timings.TotalMs / 2.0);
                        cells.Add(new ReportCell(run, $"{Planning.Slug.Of(models[mi])}__{harnesses[hi]}__{task}__r{r}", models[mi], harnesses[hi], task, r,
                            verdict, error, timings, Languages[ti % Languages.Length], DifficultyNames[difficulty], meta.Quant, meta.Params,
                            metering, audit, ReportLoader.Cost(metering, meta.Prices), started, started.AddMilliseconds(timings.TotalMs))
                        {
                            // Derived, not drawn: the random stream (and every other figure) stays as it was.
                            Checks = error is null ? new CellChecks(verdict == Verdict.Pass ? 10 : (int)(agentMs % 10), 10, 10, true) : null,
                            FailReason = verdict == Verdict.Fail ? $"checks {agentMs % 10}/10: check {agentMs % 10 + 1}" : null,
                            HarnessVersion = $"{1 + hi % 2}.{hi}.0",
                            Images = new CellImages(new CellImage($"hbench/python+{harnesses[hi]}:0123456789ab", "sha256:" + new string((char)('a' + hi % 6), 64)),
                                new CellImage("hbench/python:0123456789ab", "sha256:" + new string('f', 64))),
                        });
                    }
                }
            }
        }

        return new SyntheticRun(cells, metadata);
    }

    /// <summary>Writes the cells as results/&lt;run&gt;/results.jsonl lines, with "metering" and "audit" objects where present.</summary>
    public static void WriteRun(string runDirectory, IEnumerable<ReportCell> cells)
    {
        Directory.CreateDirectory(runDirectory);
        using var file = new StreamWriter(Path.Combine(runDirectory, JsonlResultStore.FileName), append: false, new UTF8Encoding(false));
        var extrasJson = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
        foreach (var c in cells)
        {
            var line = Encoding.UTF8.GetString(ResultJson.Serialize(ToResult(c)));
            if (c.Metering is not null || c.Audit is not null)
            {
                var extras = new StringBuilder();
                if (c.Metering is not null) extras.Append(",\"metering\":").Append(JsonSerializer.Serialize(c.Metering, extrasJson));
                if (c.Audit is not null) extras.Append(",\"audit\":").Append(JsonSerializer.Serialize(c.Audit, extrasJson));
                line = line[..^1] + extras + "}";
            }

            file.Write(line);
            file.Write('\n');
        }
    }

    public static CellResult ToResult(ReportCell c) => new()
    {
        RunId = c.Run,
        SessionId = "synthetic",
        CellId = c.CellId,
        DefinitionHash = "sha256:synthetic",
        Model = c.Model,
        Harness = c.Harness,
        Task = c.Task,
        Repeat = c.Repeat,
        Verdict = c.Verdict,
        ErrorKind = c.ErrorKind,
        Timings = c.Timings,
        Images = c.Images,
        HarnessVersion = c.HarnessVersion,
        Checks = c.Checks,
        FailReason = c.FailReason,
        StartedAt = c.StartedAt,
        FinishedAt = c.FinishedAt,
    };

    private static string ModelName(int i) =>
        $"{Families[i / 2 % Families.Length]}{(i >= 2 * Families.Length ? $"-v{i / (2 * Families.Length) + 1}" : "")}-{Sizes[i / 2 % Sizes.Length]:0.#}b-{(i % 2 == 0 ? "q4" : "q8")}";

    private static ModelMetadata Metadata(int i) =>
        new(Families[i / 2 % Families.Length], $"{Sizes[i / 2 % Sizes.Length]:0.#}B", i % 2 == 0 ? "Q4_K_M" : "Q8_0",
            i % 4 == 3 ? null : new ModelPrices(0.1m * (i / 2 % 4 + 1), 0.4m * (i / 2 % 4 + 1)));

    private static CellMetering Metering(Random random, long agentMs, int model)
    {
        var completion = (long)(agentMs / 1000.0 * (25 + random.Next(20)));
        return new CellMetering(completion * (6 + random.Next(6)), completion, model % 3 == 0 ? completion / 3 : null,
            3 + random.Next(25), 250 + random.Next(900), 20 + random.NextDouble() * 60 / (1 + model % 4), null)
        {
            TokensSource = TokenSources.Usage, // synthetic models stand for real endpoints, which report usage
        };
    }

    private static CellAudit Audit(Random random, int harness)
    {
        var u = random.NextDouble();
        return u switch
        {
            < 0.015 => new CellAudit("read", [$"read shell-read (trajectory #4): cat ../tests/test_hidden.py (harness {harness})"]),
            < 0.02 => new CellAudit("execute", ["execute shell-execute (trajectory #6): bash /tests/test.sh"]),
            < 0.06 => new CellAudit("probe", ["probe shell-list (trajectory #2): ls /tests"]),
            < 0.15 => new CellAudit("mention", ["mention model-text (trajectory #1): I will not look at the tests"]),
            _ => new CellAudit("clean", []),
        };
    }
}
