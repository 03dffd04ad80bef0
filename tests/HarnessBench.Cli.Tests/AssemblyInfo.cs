// Two collections run side by side: the sweeps (one at a time, see OneSweepAtATime) and task
// validation (the slowest test, and one that never reaps, so it cannot disturb the sweeps).
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerClass, MaxParallelThreads = 2)]
