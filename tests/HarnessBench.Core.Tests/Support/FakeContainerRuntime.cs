using System.Collections.Concurrent;
using HarnessBench.Core.Runtime;

namespace HarnessBench.Core.Tests.Support;

/// <summary>What a fake container's process sees: its spec and a private file system.</summary>
public sealed class FakeContainer(ContainerSpec spec, string root)
{
    public ContainerSpec Spec => spec;

    public string Phase => spec.Labels.TryGetValue(ManagedLabels.Phase, out var phase) ? phase : "";

    /// <summary>The host path backing a path inside the container.</summary>
    public string PathOf(string containerPath) => Path.Combine(root, containerPath.TrimStart('/'));

    public void Stdout(string text) => File.AppendAllText(spec.StdoutPath, text);

    public void Stderr(string text) => File.AppendAllText(spec.StderrPath, text);

    public ContainerRun Exit(int code, TimeSpan? process = null) => Run(code, false, false, process);

    /// <summary>
    /// Plays a grader driver: writes the evidence a driver writes (tasks/_lib/hbgrade.py) to
    /// /hbench/evidence with <paramref name="passed"/> of <paramref name="total"/> checks passed,
    /// and a finish line unless <paramref name="finish"/> is false; then exits with <paramref name="exit"/>.
    /// </summary>
    public ContainerRun Checks(int passed, int total, bool finish = true, int exit = 0, TimeSpan? process = null)
    {
        var lines = new List<string> { """{"event": "start", "declared": 1}""", """{"event": "agent-code", "argv": ["x"]}""" };
        for (var i = 0; i < total; i++)
            lines.Add($$"""{"event": "check", "name": "check {{i + 1}}", "passed": {{(i < passed ? "true" : "false")}}, "detail": "{{(i < passed ? "" : "got 1")}}"}""");
        if (finish) lines.Add($$"""{"event": "finish", "checks": {{total}}, "passed": {{passed}}, "declared": {{total}}, "budget_worst_ms": 1000}""");
        Directory.CreateDirectory(PathOf("/hbench/evidence"));
        File.WriteAllLines(PathOf("/hbench/evidence/evidence.jsonl"), lines);
        return Exit(exit, process);
    }

    public ContainerRun TimedOut() => Run(null, true, false, spec.Timeout);

    public ContainerRun OomKilled(int? code) => Run(code, false, true, null);

    private ContainerRun Run(int? code, bool timedOut, bool oom, TimeSpan? process) =>
        new($"c-{Guid.NewGuid():N}"[..10], $"sha256:{spec.Image}", code, timedOut, oom, process ?? TimeSpan.Zero, TimeSpan.Zero);
}

/// <summary>
/// An in-memory-ish IContainerRuntime: copies inputs into a temp "container" directory, lets the
/// test play the process, copies outputs back (fresh), always cleans up. Records every spec and
/// the peak number of containers running at once.
/// </summary>
public sealed class FakeContainerRuntime : IContainerRuntime
{
    private int _running;
    private int _peak;

    public Func<FakeContainer, CancellationToken, Task<ContainerRun>> OnAgent { get; set; } = (c, _) => Task.FromResult(c.Exit(0));

    /// <summary>A CLI harness's version command (phase "harness-version"); by default it prints nothing and exits 0.</summary>
    public Func<FakeContainer, CancellationToken, Task<ContainerRun>> OnVersion { get; set; } = (c, _) => Task.FromResult(c.Exit(0));

    /// <summary>By default a grader whose driver records one check, passed.</summary>
    public Func<FakeContainer, CancellationToken, Task<ContainerRun>> OnGrader { get; set; } = (c, _) => Task.FromResult(c.Checks(1, 1));

    public ConcurrentQueue<ContainerSpec> Specs { get; } = new();

    public int Peak => Volatile.Read(ref _peak);

    /// <summary>"prepare:PHASE", "run:PHASE" (a prepared container released) and "dispose:PHASE", in order.</summary>
    public ConcurrentQueue<string> Prepared { get; } = new();

    /// <summary>Completes when a grader's container has been prepared.</summary>
    public TaskCompletionSource GraderPrepared { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The specs prepared ahead, and the late inputs each got when released.</summary>
    public ConcurrentQueue<(ContainerSpec Spec, IReadOnlyList<DirectoryCopyIn>? Late)> PreparedSpecs { get; } = new();

    public Task<IPreparedContainer> PrepareAsync(ContainerSpec spec, CancellationToken cancellationToken)
    {
        var phase = spec.Labels[ManagedLabels.Phase];
        Prepared.Enqueue($"prepare:{phase}");
        if (phase == "grader") GraderPrepared.TrySetResult();
        return Task.FromResult<IPreparedContainer>(new RecordingPrepared(this, spec, phase));
    }

    /// <summary>Records its release and disposal, and runs as <see cref="DeferredContainer"/> does.</summary>
    private sealed class RecordingPrepared(FakeContainerRuntime runtime, ContainerSpec spec, string phase) : IPreparedContainer
    {
        public Task<ContainerRun> RunAsync(IReadOnlyList<DirectoryCopyIn> lateCopyIn, CancellationToken cancellationToken)
        {
            runtime.Prepared.Enqueue($"run:{phase}");
            runtime.PreparedSpecs.Enqueue((spec, lateCopyIn));
            return new DeferredContainer(runtime, spec).RunAsync(lateCopyIn, cancellationToken);
        }

        public ValueTask DisposeAsync()
        {
            runtime.Prepared.Enqueue($"dispose:{phase}");
            return ValueTask.CompletedTask;
        }
    }

    public IReadOnlyList<ContainerSpec> SpecsFor(string phase) => [.. Specs.Where(s => s.Labels[ManagedLabels.Phase] == phase)];

    public async Task<ContainerRun> RunAsync(ContainerSpec spec, CancellationToken cancellationToken)
    {
        Specs.Enqueue(spec);
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _peak, running);
        var root = Path.Combine(Path.GetTempPath(), "hbench-fake-containers", Guid.NewGuid().ToString("N"));
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var copy in spec.CopyIn)
            {
                if (!Directory.Exists(copy.HostDirectory))
                    throw new ContainerRuntimeException($"copy-in source '{copy.HostDirectory}' does not exist");
                CopyTree(copy.HostDirectory, Path.Combine(root, copy.ContainerPath.TrimStart('/')));
            }
            File.WriteAllText(spec.StdoutPath, "");
            File.WriteAllText(spec.StderrPath, "");
            var container = new FakeContainer(spec, root);
            var handler = container.Phase switch
            {
                "grader" => OnGrader,
                "harness-version" => OnVersion,
                _ => OnAgent,
            };
            var run = await handler(container, cancellationToken);
            foreach (var copy in spec.CopyOut)
            {
                if (Directory.Exists(copy.HostDirectory)) Directory.Delete(copy.HostDirectory, recursive: true);
                CopyTree(Path.Combine(root, copy.ContainerPath.TrimStart('/')), copy.HostDirectory);
            }
            return run;
        }
        finally
        {
            Interlocked.Decrement(ref _running);
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        if (!Directory.Exists(from)) return;
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)), overwrite: true);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}

/// <summary>Resolves "python" to "hb/python" for graders and "hb/python+oracle" for agents.</summary>
public sealed class FakeImageResolver : HarnessBench.Core.Pipeline.IImageResolver
{
    public Task<string> ResolveAsync(HarnessBench.Core.Pipeline.ImageRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(request.Harness is null ? $"hb/{request.Toolchain}" : $"hb/{request.Toolchain}+{request.Harness}");
}
