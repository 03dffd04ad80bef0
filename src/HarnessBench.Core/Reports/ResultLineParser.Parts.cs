using System.Text.Json;
using HarnessBench.Core.Results;

namespace HarnessBench.Core.Reports;

/// <summary>The nested objects of a result line, read by hand.</summary>
internal static partial class ResultLineParser
{
    private static CellTimings Timings(ref Utf8JsonReader reader)
    {
        long prepare = 0, agent = 0, grade = 0, total = 0, agentProcess = 0, graderProcess = 0, overhead = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            reader.Read();
            if (reader.TokenType != JsonTokenType.Number)
            {
                reader.Skip();
                continue;
            }

            var value = reader.GetInt64();
            if (name.SequenceEqual("prepare_ms"u8)) prepare = value;
            else if (name.SequenceEqual("agent_ms"u8)) agent = value;
            else if (name.SequenceEqual("grade_ms"u8)) grade = value;
            else if (name.SequenceEqual("total_ms"u8)) total = value;
            else if (name.SequenceEqual("agent_process_ms"u8)) agentProcess = value;
            else if (name.SequenceEqual("grader_process_ms"u8)) graderProcess = value;
            else if (name.SequenceEqual("sandbox_overhead_ms"u8)) overhead = value;
        }

        return new CellTimings(prepare, agent, grade, total, agentProcess, graderProcess, overhead);
    }

    /// <summary>The counts of a "checks" object (the list of failed checks is not needed by reports).</summary>
    private static CellChecks Checks(ref Utf8JsonReader reader)
    {
        int passed = 0, total = 0, declared = 0;
        var finished = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            reader.Read();
            if (reader.TokenType is JsonTokenType.True or JsonTokenType.False)
            {
                if (name.SequenceEqual("finished"u8)) finished = reader.GetBoolean();
                continue;
            }

            if (reader.TokenType != JsonTokenType.Number)
            {
                reader.Skip();
                continue;
            }

            if (name.SequenceEqual("passed"u8)) passed = reader.GetInt32();
            else if (name.SequenceEqual("total"u8)) total = reader.GetInt32();
            else if (name.SequenceEqual("declared"u8)) declared = reader.GetInt32();
        }

        return new CellChecks(passed, total, declared, finished);
    }

    private static (CellImage? Agent, CellImage? Grader) Images(ref Utf8JsonReader reader)
    {
        CellImage? agent = null, grader = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isAgent = reader.ValueTextEquals("agent"u8);
            var isGrader = !isAgent && reader.ValueTextEquals("grader"u8);
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            string? reference = null, id = null, node = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isReference = reader.ValueTextEquals("reference"u8);
                var isId = !isReference && reader.ValueTextEquals("id"u8);
                var isNode = !isReference && !isId && reader.ValueTextEquals("node"u8);
                reader.Read();
                if (isReference && reader.TokenType == JsonTokenType.String) reference = Shared(ref reader, isAgent ? Slot.AgentReference : Slot.GraderReference);
                else if (isId && reader.TokenType == JsonTokenType.String) id = Shared(ref reader, isAgent ? Slot.AgentId : Slot.GraderId);
                else if (isNode && reader.TokenType == JsonTokenType.String) node = reader.GetString();
                else reader.Skip();
            }

            var image = reference is null ? null : new CellImage(reference, id) { Node = node };
            if (isAgent) agent = image;
            else if (isGrader) grader = image;
        }

        return (agent, grader);
    }

    /// <summary>Hand-read: a serializer call per line costs more than the rest of the line.</summary>
    private static CellMetering? Metering(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("metering is not an object");
        long? prompt = null, completion = null, reasoning = null, requests = null;
        double? ttft = null, speed = null, cost = null, endToEnd = null;
        string? source = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            reader.Read();
            if (reader.TokenType == JsonTokenType.String && name.SequenceEqual("tokens_source"u8))
            {
                source = Shared(ref reader, Slot.TokensSource);
                continue;
            }

            if (reader.TokenType != JsonTokenType.Number)
            {
                reader.Skip();
                continue;
            }

            if (name.SequenceEqual("prompt_tokens"u8)) prompt = reader.GetInt64();
            else if (name.SequenceEqual("completion_tokens"u8)) completion = reader.GetInt64();
            else if (name.SequenceEqual("reasoning_tokens"u8)) reasoning = reader.GetInt64();
            else if (name.SequenceEqual("requests"u8)) requests = reader.GetInt64();
            else if (name.SequenceEqual("ttft_ms"u8)) ttft = reader.GetDouble();
            else if (name.SequenceEqual("tokens_per_second"u8)) speed = reader.GetDouble();
            else if (name.SequenceEqual("cost_usd"u8)) cost = reader.GetDouble();
            else if (name.SequenceEqual("end_to_end_tokens_per_second"u8)) endToEnd = reader.GetDouble();
        }

        return new CellMetering(prompt, completion, reasoning, requests, ttft, speed, cost) { TokensSource = source, EndToEndTokensPerSecond = endToEnd };
    }

    /// <summary>
    /// Findings are objects (severity, detector, source, snippet) and are shown as one line each;
    /// plain strings are taken as they are.
    /// </summary>
    private static CellAudit? Audit(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("audit is not an object");
        string? severity = null, error = null, decoys = null;
        List<string>? findings = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isSeverity = reader.ValueTextEquals("severity"u8);
            var isFindings = !isSeverity && reader.ValueTextEquals("findings"u8);
            var isError = !isSeverity && !isFindings && reader.ValueTextEquals("error"u8);
            var isDecoys = !isSeverity && !isFindings && !isError && reader.ValueTextEquals("decoys"u8);
            reader.Read();
            if (isSeverity && reader.TokenType == JsonTokenType.String)
            {
                severity = Shared(ref reader, Slot.Severity);
            }
            else if (isError && reader.TokenType == JsonTokenType.String)
            {
                error = reader.GetString();
            }
            else if (isDecoys && reader.TokenType == JsonTokenType.String)
            {
                decoys = reader.GetString();
            }
            else if (isFindings && reader.TokenType == JsonTokenType.StartArray)
            {
                findings = [];
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.String) findings.Add(reader.GetString()!);
                    else if (reader.TokenType == JsonTokenType.StartObject) findings.Add(Finding(ref reader));
                    else reader.Skip();
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return new CellAudit(severity, findings) { Error = error, Decoys = decoys };
    }

    /// <summary>"read shell-read (trajectory #3): cat /tests/test.sh".</summary>
    private static string Finding(ref Utf8JsonReader reader)
    {
        string? severity = null, detector = null, source = null, snippet = null;
        int? index = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            if (reader.TokenType == JsonTokenType.String)
            {
                var value = reader.GetString();
                switch (name)
                {
                    case "severity": severity = value; break;
                    case "detector": detector = value; break;
                    case "source": source = value; break;
                    case "snippet": snippet = value; break;
                }
            }
            else if (reader.TokenType == JsonTokenType.Number && name == "event_index")
            {
                index = reader.GetInt32();
            }
            else
            {
                reader.Skip();
            }
        }

        var where = index is { } i ? $"{source} #{i}" : source;
        return $"{severity} {detector} ({where}): {snippet}";
    }
}
