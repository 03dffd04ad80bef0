using System.Globalization;
using System.Text;
using HarnessBench.Core.Runtime;
using HarnessBench.Docker.Archives;

namespace HarnessBench.Docker.Runtime;

internal sealed partial class DockerContainerRuntime
{
    // Primary-constructor parameters, exposed to the nested session class.
    private DockerClient Client => client;

    private Microsoft.Extensions.Logging.ILogger Logger => logger;

    /// <summary>
    /// Creates the container with exactly <see cref="RunAsync"/>'s sandbox (the same create body),
    /// copies the inputs in and starts it. A timer kills it at the spec's timeout.
    /// </summary>
    public async Task<IContainerSession> StartAsync(ContainerSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        long started = _time.GetTimestamp();
        string cellId = spec.Labels.GetValueOrDefault(ManagedLabels.Cell) ?? "-";
        string name = ContainerName(spec.Name);
        var creation = new Creation(name);
        ImageInfo image = await GuardAsync(creation, cellId, () => CreateAndStartAsync(spec, creation, cellId, gated: false, cancellationToken), removeAfter: false, cancellationToken);
        return new DockerContainerSession(this, spec, creation.Id!, image.Id, cellId, started);
    }

    /// <summary>One started container; every path out of it (finish, dispose, cancel) removes it.</summary>
    private sealed class DockerContainerSession : IContainerSession
    {
        // Time the in-container `timeout` gets to kill a command before the host stops waiting.
        private static readonly TimeSpan HostGrace = TimeSpan.FromSeconds(15);
        private readonly DockerContainerRuntime _runtime;
        private readonly ContainerSpec _spec;
        private readonly string _imageId;
        private readonly string _cellId;
        private readonly long _started;
        private readonly CancellationTokenSource _deadline;
        private int _removed;

        public DockerContainerSession(DockerContainerRuntime runtime, ContainerSpec spec, string id, string imageId, string cellId, long started)
        {
            _runtime = runtime;
            _spec = spec;
            ContainerId = id;
            _imageId = imageId;
            _cellId = cellId;
            _started = started;
            _deadline = new CancellationTokenSource(spec.Timeout, runtime._time);
        }

        public string ContainerId { get; }

        /// <summary>The container passed its wall-clock limit (further execs fail fast).</summary>
        public bool TimedOut => _deadline.IsCancellationRequested;

        public async Task<ExecOutcome> ExecAsync(IReadOnlyList<string> command, ExecLimits limits, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(command);
            ArgumentNullException.ThrowIfNull(limits);
            long begun = _runtime._time.GetTimestamp();
            if (TimedOut)
            {
                return new ExecOutcome(null, "", "the container passed its time limit", TimedOut: true, Truncated: false, TimeSpan.Zero);
            }

            // The kill happens inside the container (coreutils timeout, then SIGKILL 5 s later), so a
            // runaway command does not outlive its call; the host only waits a little longer than that.
            string seconds = Math.Max(1, (int)Math.Ceiling(limits.Timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            List<string> argv = ["timeout", "-k", "5", seconds, .. command];
            var options = new ExecOptions { User = _spec.User, WorkingDir = _spec.WorkingDirectory, Env = _spec.Environment, MaxOutputBytes = limits.MaxOutputBytes + 1 };
            using var bound = new CancellationTokenSource(limits.Timeout + HostGrace, _runtime._time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, bound.Token, _deadline.Token);
            try
            {
                ExecResult result = await _runtime.Client.ExecAsync(ContainerId, argv, options, linked.Token);
                bool timedOut = result.ExitCode is 124 or 137 && _runtime._time.GetElapsedTime(begun) >= limits.Timeout;
                (string stdout, bool cutOut) = Cap(result.Stdout, limits.MaxOutputBytes);
                (string stderr, bool cutErr) = Cap(result.Stderr, limits.MaxOutputBytes);
                return new ExecOutcome(timedOut ? null : (int)result.ExitCode, stdout, stderr, timedOut, cutOut || cutErr, _runtime._time.GetElapsedTime(begun));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return new ExecOutcome(null, "", TimedOut ? "the container passed its time limit" : "the command did not return in time",
                    TimedOut: true, Truncated: false, _runtime._time.GetElapsedTime(begun));
            }
            catch (DockerException ex)
            {
                throw new ContainerRuntimeException(ex.Message, ex);
            }
        }

        public async Task<ContainerRun> FinishAsync(CancellationToken cancellationToken)
        {
            DockerClient client = _runtime.Client;
            try
            {
                await client.KillContainerAsync(ContainerId, "KILL", cancellationToken);
                await client.WaitContainerAsync(ContainerId, cancellationToken);
                await _runtime.WriteLogsAsync(ContainerId, _spec, _cellId, cancellationToken);
                ContainerInfo info = await client.InspectContainerAsync(ContainerId, cancellationToken)
                    ?? throw new ContainerRuntimeException($"Container {ContainerId} disappeared before it could be inspected. Something else removed it; check for a concurrent `docker rm` or reaper.");
                string? limit = null;
                foreach (DirectoryCopyOut copy in _spec.CopyOut)
                {
                    limit ??= await _runtime.CopyOutAsync(ContainerId, copy, _cellId, cancellationToken);
                }

                ContainerState state = info.State;
                TimeSpan processTime = state is { StartedAt: { } from, FinishedAt: { } to } && to > from ? to - from : TimeSpan.Zero;
                var run = new ContainerRun(ContainerId, info.ImageId.Length > 0 ? info.ImageId : _imageId,
                    TimedOut ? null : state.ExitCode, TimedOut, state.OomKilled, processTime, _runtime._time.GetElapsedTime(_started))
                {
                    CopyOutLimit = limit,
                };
                Log.ContainerFinished(_runtime.Logger, _cellId, ContainerId, run.ExitCode, run.ProcessTime, run.TotalTime);
                return run;
            }
            catch (DockerException ex)
            {
                throw new ContainerRuntimeException(ex.Message, ex);
            }
            catch (UnsafeArchiveEntryException ex)
            {
                throw new ContainerRuntimeException($"Copying files out of container {ContainerId} was refused: {ex.Message}", ex);
            }
            finally
            {
                await RemoveAsync();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await RemoveAsync();
            _deadline.Dispose();
        }

        private async Task RemoveAsync()
        {
            if (Interlocked.Exchange(ref _removed, 1) == 0)
            {
                await _runtime.CleanupAsync(ct => _runtime.Client.RemoveContainerAsync(ContainerId, force: true, removeVolumes: true, ct), _cellId, ContainerId);
            }
        }

        private static (string Text, bool Cut) Cap(string text, int maxBytes)
        {
            if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
            {
                return (text, false);
            }

            byte[] bytes = Encoding.UTF8.GetBytes(text);
            return (Encoding.UTF8.GetString(bytes, 0, maxBytes), true);
        }
    }
}
