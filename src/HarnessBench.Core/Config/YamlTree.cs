using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace HarnessBench.Core.Config;

/// <summary>A YAML node that remembers where it came from.</summary>
internal abstract record YNode(SourceLocation At)
{
    /// <summary>Short description for "expected X, got Y" messages.</summary>
    public abstract string Kind { get; }
}

/// <param name="Plain">Unquoted, so YAML's implicit types (null, bool, numbers) apply.</param>
internal sealed record YScalar(SourceLocation At, string Value, bool Plain) : YNode(At)
{
    public override string Kind => IsNull ? "nothing" : "a value";

    public bool IsNull => Plain && Value is "" or "~" or "null" or "Null" or "NULL";
}

internal sealed record YSequence(SourceLocation At, IReadOnlyList<YNode> Items) : YNode(At)
{
    public override string Kind => "a list";
}

/// <summary>Entries in document order; duplicates are kept so that they can be reported.</summary>
internal sealed record YMapping(SourceLocation At, IReadOnlyList<KeyValuePair<YScalar, YNode>> Entries) : YNode(At)
{
    public override string Kind => "a mapping";
}

/// <summary>
/// Builds a positioned node tree from YamlDotNet's parser events. Driving the parser directly
/// (instead of YamlStream) keeps duplicate keys visible and every node's line and column.
/// </summary>
internal static partial class YamlTree
{
    /// <summary>Parses one YAML document; returns null (with one error) when it is malformed or empty.</summary>
    public static YNode? Parse(string text, string file, ConfigErrors errors)
    {
        var parser = new Parser(new StringReader(text));
        try
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                errors.Add(new SourceLocation(file, 1, 1), "the file is empty");
                return null;
            }
            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, file, new Dictionary<string, YNode>(StringComparer.Ordinal));
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var second))
            {
                errors.Add(At(file, second.Start), "only one YAML document is allowed", "remove the second '---' section");
                return null;
            }
            return root;
        }
        catch (YamlException ex)
        {
            errors.Add(At(file, ex.Start), $"malformed YAML: {StripPosition(ex.Message)}",
                "check the indentation and quoting at this position");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (without a position) on some unterminated flow
            // collections; the last event it produced is the closest position we have.
            errors.Add(At(file, parser.Current?.End ?? Mark.Empty), "malformed YAML: unexpected end of a [list] or {mapping}",
                "check for a missing ']' or '}' after this position");
            return null;
        }
    }

    private static YNode ReadNode(IParser parser, string file, Dictionary<string, YNode> anchors)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            return anchors.TryGetValue(alias.Value.Value, out var target)
                ? target
                : throw new YamlException(alias.Start, alias.End, $"unknown alias '*{alias.Value.Value}'");
        }
        YNode node;
        NodeEvent start;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            start = scalar;
            node = new YScalar(At(file, scalar.Start), scalar.Value, scalar.Style == ScalarStyle.Plain);
        }
        else if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            start = sequenceStart;
            var items = new List<YNode>();
            while (!parser.TryConsume<SequenceEnd>(out _))
                items.Add(ReadNode(parser, file, anchors));
            node = new YSequence(At(file, sequenceStart.Start), items);
        }
        else
        {
            var mappingStart = parser.Consume<MappingStart>();
            start = mappingStart;
            var entries = new List<KeyValuePair<YScalar, YNode>>();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                // A list or mapping used as a key is never a valid setting: it becomes an unknown key.
                var key = ReadNode(parser, file, anchors);
                var scalarKey = key as YScalar ?? new YScalar(key.At, $"<{key.Kind} used as a key>", Plain: false);
                entries.Add(new(scalarKey, ReadNode(parser, file, anchors)));
            }
            node = new YMapping(At(file, mappingStart.Start), entries);
        }
        if (!start.Anchor.IsEmpty)
            anchors[start.Anchor.Value] = node;
        return node;
    }

    private static SourceLocation At(string file, Mark mark) =>
        new(file, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

    // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; we print our own position.
    private static string StripPosition(string message) => PositionPrefix().Replace(message, "");

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex PositionPrefix();
}
