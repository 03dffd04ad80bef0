using System.Text.Json;
using HarnessBench.Core.Results;

namespace HarnessBench.Core.Reports;

/// <summary>
/// A fast reader of one result line for reports: one forward pass with <see cref="Utf8JsonReader"/>
/// that keeps only what reports show (identity, verdict, timings, images, harness version, times,
/// "metering" and "audit") and skips the rest (grader output tails, logs, score) without allocating.
/// About four times faster than deserializing the whole <see cref="CellResult"/>; a line it cannot
/// read is handed to the full deserializer, so the two never disagree on what a valid line is.
/// </summary>
internal static partial class ResultLineParser
{
    private static readonly JsonSerializerOptions ExtrasJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private static readonly Dictionary<string, Verdict> Verdicts = Kebab<Verdict>();
    private static readonly Dictionary<string, ErrorKind> ErrorKinds = Kebab<ErrorKind>();

    public static (CellResult? Result, LineExtras? Extras, string? Error) Parse(ReadOnlySpan<byte> line)
    {
        try
        {
            if (TryFast(line, out var fast)) return fast;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            // Fall through to the full deserializer, which gives the authoritative verdict and message.
        }

        try
        {
            var result = ResultJson.Deserialize(line);
            return (result, Extras(line, result.CellId), null);
        }
        catch (JsonException e)
        {
            return (null, null, e.Message);
        }
    }

    private static bool TryFast(ReadOnlySpan<byte> line, out (CellResult?, LineExtras?, string?) parsed)
    {
        parsed = default;
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
        int schema = CellResult.CurrentSchema, repeat = -1;
        var warmup = false;
        string? run = null, cell = null, model = null, harness = null, task = null, version = null;
        Verdict? verdict = null;
        ErrorKind? kind = null;
        CellTimings? timings = null;
        CellImage? agent = null, grader = null;
        DateTimeOffset? started = null, finished = null;
        CellMetering? metering = null;
        CellAudit? audit = null;
        CellChecks? checks = null;
        string? failReason = null, reportedVersion = null;
        var versionMismatch = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null) continue;
            if (name.SequenceEqual("schema"u8)) schema = reader.GetInt32();
            else if (name.SequenceEqual("run_id"u8)) run = Shared(ref reader, Slot.Run);
            else if (name.SequenceEqual("cell_id"u8)) cell = reader.GetString();
            else if (name.SequenceEqual("model"u8)) model = Shared(ref reader, Slot.Model);
            else if (name.SequenceEqual("harness"u8)) harness = Shared(ref reader, Slot.Harness);
            else if (name.SequenceEqual("task"u8)) task = Shared(ref reader, Slot.Task);
            else if (name.SequenceEqual("repeat"u8)) repeat = reader.GetInt32();
            else if (name.SequenceEqual("warmup"u8)) warmup = reader.GetBoolean();
            else if (name.SequenceEqual("verdict"u8)) verdict = Verdicts[reader.GetString()!];
            else if (name.SequenceEqual("error_kind"u8)) kind = ErrorKinds[reader.GetString()!];
            else if (name.SequenceEqual("harness_version"u8)) version = Shared(ref reader, Slot.Version);
            else if (name.SequenceEqual("started_at"u8)) started = reader.GetDateTimeOffset();
            else if (name.SequenceEqual("finished_at"u8)) finished = reader.GetDateTimeOffset();
            else if (name.SequenceEqual("timings"u8)) timings = Timings(ref reader);
            else if (name.SequenceEqual("images"u8)) (agent, grader) = Images(ref reader);
            else if (name.SequenceEqual("metering"u8)) metering = Metering(ref reader);
            else if (name.SequenceEqual("audit"u8)) audit = Audit(ref reader);
            else if (name.SequenceEqual("checks"u8)) checks = Checks(ref reader);
            else if (name.SequenceEqual("fail_reason"u8)) failReason = reader.GetString();
            else if (name.SequenceEqual("harness_version_reported"u8)) reportedVersion = reader.GetString();
            else if (name.SequenceEqual("harness_version_mismatch"u8)) versionMismatch = reader.GetBoolean();
            else reader.Skip();
        }

        if (run is null || cell is null || model is null || harness is null || task is null || verdict is null
            || timings is null || started is null || finished is null || repeat < 0)
        {
            return false;
        }

        var result = new CellResult
        {
            Schema = schema,
            RunId = run,
            SessionId = "",
            CellId = cell,
            DefinitionHash = "",
            Model = model,
            Harness = harness,
            Task = task,
            Repeat = repeat,
            Warmup = warmup,
            Verdict = verdict.Value,
            ErrorKind = kind,
            Timings = timings,
            Images = new CellImages(agent, grader),
            HarnessVersion = version,
            HarnessVersionReported = reportedVersion,
            HarnessVersionMismatch = versionMismatch,
            Checks = checks,
            FailReason = failReason,
            StartedAt = started.Value,
            FinishedAt = finished.Value,
        };
        parsed = (result, metering is null && audit is null ? null : new LineExtras(cell, metering, audit), null);
        return true;
    }

    /// <summary>Only the top-level "metering" and "audit" values (full-deserializer path).</summary>
    private static LineExtras? Extras(ReadOnlySpan<byte> line, string cellId)
    {
        if (line.IndexOf("\"metering\""u8) < 0 && line.IndexOf("\"audit\""u8) < 0) return null;
        CellMetering? metering = null;
        CellAudit? audit = null;
        var reader = new Utf8JsonReader(line);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMetering = reader.ValueTextEquals("metering"u8);
            var isAudit = !isMetering && reader.ValueTextEquals("audit"u8);
            reader.Read();
            if (isMetering) metering = JsonSerializer.Deserialize<CellMetering>(ref reader, ExtrasJson);
            else if (isAudit) audit = reader.TokenType == JsonTokenType.Null ? null : Audit(ref reader);
            else reader.Skip();
        }

        return metering is null && audit is null ? null : new LineExtras(cellId, metering, audit);
    }

    [ThreadStatic]
    private static StringCache? t_strings;

    private enum Slot
    {
        Run,
        Model,
        Harness,
        Task,
        Version,
        AgentReference,
        AgentId,
        GraderReference,
        GraderId,
        Severity,
        TokensSource,
    }

    /// <summary>
    /// Reuses the string of the previous line for the same field when the bytes are equal: runs repeat
    /// a handful of model, harness, task and image names, and 100k lines would otherwise allocate a
    /// million copies of them.
    /// </summary>
    private static string? Shared(ref Utf8JsonReader reader, Slot slot)
    {
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || reader.HasValueSequence) return reader.GetString();
        var cache = t_strings ??= new StringCache();
        var span = reader.ValueSpan;
        var i = (int)slot;
        if (cache.Bytes[i] is { } bytes && span.SequenceEqual(bytes)) return cache.Values[i];
        var value = reader.GetString()!;
        cache.Bytes[i] = span.ToArray();
        cache.Values[i] = value;
        return value;
    }

    private sealed class StringCache
    {
        public byte[]?[] Bytes { get; } = new byte[]?[Enum.GetValues<Slot>().Length];

        public string?[] Values { get; } = new string?[Enum.GetValues<Slot>().Length];
    }

    private static Dictionary<string, T> Kebab<T>()
        where T : struct, Enum =>
        Enum.GetValues<T>().ToDictionary(v => JsonNamingPolicy.KebabCaseLower.ConvertName(v.ToString()), v => v, StringComparer.Ordinal);
}
