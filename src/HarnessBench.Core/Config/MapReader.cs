namespace HarnessBench.Core.Config;

/// <summary>
/// Reads one YAML mapping against a fixed set of keys: reports duplicate and unknown keys (with a
/// did-you-mean) up front, then hands out values with shape checks. Phase one of config loading.
/// </summary>
internal sealed class MapReader
{
    private readonly Dictionary<string, YNode> _values = new(StringComparer.Ordinal);
    private readonly ConfigErrors _errors;

    public MapReader(YMapping map, IReadOnlyCollection<string> allowedKeys, ConfigErrors errors, string context)
    {
        _errors = errors;
        At = map.At;
        var firstSeen = new Dictionary<string, YScalar>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Entries)
        {
            if (firstSeen.TryGetValue(key.Value, out var first))
            {
                errors.Add(key.At, $"duplicate key '{key.Value}' in {context} (first defined at line {first.At.Line})",
                    "keep one of them");
                continue;
            }
            firstSeen[key.Value] = key;
            if (allowedKeys.Contains(key.Value))
            {
                _values[key.Value] = value;
                continue;
            }
            var hint = DidYouMean.Hint(key.Value, allowedKeys)
                ?? $"known keys: {string.Join(", ", allowedKeys.Order(StringComparer.Ordinal))}";
            errors.Add(key.At, $"unknown key '{key.Value}' in {context}", hint);
        }
    }

    /// <summary>Where the mapping starts: the position for "missing key" errors.</summary>
    public SourceLocation At { get; }

    public bool Has(string key) => _values.TryGetValue(key, out var node) && node is not YScalar { IsNull: true };

    /// <summary>The raw node, or null when absent or explicitly null.</summary>
    public YNode? Node(string key) => _values.TryGetValue(key, out var node) && node is not YScalar { IsNull: true } ? node : null;

    public YScalar? Scalar(string key, bool required = false, string? hint = null)
    {
        var node = Node(key);
        if (node is null)
        {
            if (required) _errors.Add(At, $"missing required key '{key}'", hint);
            return null;
        }
        if (node is YScalar scalar) return scalar;
        _errors.Add(node.At, $"'{key}' must be a single value, not {node.Kind}", hint);
        return null;
    }

    public YMapping? Mapping(string key, string? hint = null)
    {
        var node = Node(key);
        if (node is null or YMapping) return (YMapping?)node;
        _errors.Add(node.At, $"'{key}' must be a mapping (key: value lines), not {node.Kind}", hint);
        return null;
    }

    /// <summary>A list of nodes; a single value is accepted as a one-item list when <paramref name="allowSingle"/>.</summary>
    public IReadOnlyList<YNode>? Sequence(string key, bool required = false, bool allowSingle = false, string? hint = null)
    {
        var node = Node(key);
        switch (node)
        {
            case null:
                if (required) _errors.Add(At, $"missing required key '{key}'", hint);
                return null;
            case YSequence sequence:
                return sequence.Items;
            case YScalar when allowSingle:
                return [node];
            default:
                _errors.Add(node.At, $"'{key}' must be a list, not {node.Kind}", hint);
                return null;
        }
    }

    /// <summary>A list of plain values (a single value is accepted); non-scalar items are reported.</summary>
    public IReadOnlyList<YScalar> Scalars(string key, string? hint = null)
    {
        var items = Sequence(key, allowSingle: true, hint: hint);
        if (items is null) return [];
        var scalars = new List<YScalar>();
        foreach (var item in items)
        {
            if (item is YScalar { IsNull: false } scalar) scalars.Add(scalar);
            else _errors.Add(item.At, $"items of '{key}' must be single values, not {item.Kind}", hint);
        }
        return scalars;
    }
}
