namespace HarnessBench.Cli.Tests.Infrastructure;

/// <summary>
/// Tests that run `hbench run` go one at a time: `run` reaps containers of dead owners at start,
/// so a parallel run would remove the leftovers that the kill -9 test must observe, and the
/// timing-based tests (kill, Ctrl-C) should not compete with each other for the two cores.
/// </summary>
[CollectionDefinition(Name)]
public sealed class OneSweepAtATime
{
    public const string Name = "hbench run (one at a time)";
}
