namespace HarnessBench.Core.Harnesses;

/// <summary>The harnesses a process can run, by name. The Cli registers more than the built-ins.</summary>
public sealed class HarnessRegistry
{
    private readonly Dictionary<string, IHarness> _harnesses = new(StringComparer.Ordinal);

    /// <summary>A registry holding the built-ins <c>oracle</c>, <c>nop</c>, <c>bare</c> and <c>single-shot</c>.</summary>
    public static HarnessRegistry CreateWithBuiltIns() => new HarnessRegistry()
        .Add(BuiltInHarnesses.Oracle()).Add(BuiltInHarnesses.Nop()).Add(new BareHarness()).Add(new SingleShotHarness());

    /// <summary>True when the registry holds <paramref name="name"/>.</summary>
    public bool Contains(string name) => _harnesses.ContainsKey(name);

    /// <summary>Names to validate bench.yaml against (<see cref="Config.BenchLoadOptions.KnownHarnesses"/>).</summary>
    public IReadOnlySet<string> Names => _harnesses.Keys.ToHashSet(StringComparer.Ordinal);

    /// <summary>Registers a harness; names must be unique.</summary>
    public HarnessRegistry Add(IHarness harness)
    {
        ArgumentNullException.ThrowIfNull(harness);
        if (!_harnesses.TryAdd(harness.Name, harness))
            throw new ArgumentException($"A harness named '{harness.Name}' is already registered.", nameof(harness));
        return this;
    }

    /// <exception cref="KeyNotFoundException">The name was not registered (bench validation prevents this).</exception>
    public IHarness Get(string name) =>
        _harnesses.TryGetValue(name, out var harness)
            ? harness
            : throw new KeyNotFoundException($"Unknown harness '{name}'. Registered: {string.Join(", ", _harnesses.Keys.Order(StringComparer.Ordinal))}.");
}
