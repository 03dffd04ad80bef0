using System.Globalization;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using HarnessBench.Core.Runtime;
using ContainerSpec = HarnessBench.Core.Runtime.ContainerSpec;
using HarnessBench.Docker.Archives;

namespace HarnessBench.Docker.Swarm;

internal sealed partial class SwarmContainerRuntime
{
    /// <summary>
    /// A job whose command idles (the spec's, e.g. sleep), released like a one-shot job; commands run in
    /// its task's container by exec on the engine of the node running it. Killed at the spec's timeout.
    /// </summary>
    public async Task<IContainerSession> StartAsync(ContainerSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        long started = _time.GetTimestamp();
        string cellId = spec.Labels.GetValueOrDefault(ManagedLabels.Cell) ?? "-";
        var job = new SwarmJob(engines, SwarmJobSpec.Name(spec.Name), cellId, logger, _time);
        try
        {
            string imageId = await LaunchAsync(job, spec, cancellationToken);
            return new SwarmSession(this, job, spec, imageId, started);
        }
        catch (Exception ex)
        {
            await job.RemoveAsync(_options.CleanupTimeout);
            if (ex is DockerApiException api) throw Translate(api, job);
            throw;
        }
    }

    /// <summary>One started job; every path out of it (finish, dispose, cancel) removes it.</summary>
    private sealed class SwarmSession : IContainerSession
    {
        // Time the in-container `timeout` gets to kill a command before the host stops waiting.
        private static readonly TimeSpan HostGrace = TimeSpan.FromSeconds(15);
        private readonly SwarmContainerRuntime _runtime;
        private readonly SwarmJob _job;
        private readonly ContainerSpec _spec;
        private readonly string _imageId;
        private readonly long _started;
        private readonly CancellationTokenSource _deadline;
        private int _removed;

        public SwarmSession(SwarmContainerRuntime runtime, SwarmJob job, ContainerSpec spec, string imageId, long started)
        {
            _runtime = runtime;
            _job = job;
            _spec = spec;
            _imageId = imageId;
            _started = started;
            _deadline = new CancellationTokenSource(spec.Timeout, runtime._time);
        }

        public string ContainerId => _job.ContainerId!;

        private bool TimedOut => _deadline.IsCancellationRequested;

        public async Task<ExecOutcome> ExecAsync(IReadOnlyList<string> command, ExecLimits limits, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(command);
            ArgumentNullException.ThrowIfNull(limits);
            TimeProvider time = _runtime._time;
            long begun = time.GetTimestamp();
            if (TimedOut)
            {
                return new ExecOutcome(null, "", "the container passed its time limit", TimedOut: true, Truncated: false, TimeSpan.Zero);
            }

            // As the local runtime: the kill happens inside the container (coreutils timeout, SIGKILL 5 s
            // later); execs do not inherit the gate's no_new_privs, so setpriv sets it again.
            string seconds = Math.Max(1, (int)Math.Ceiling(limits.Timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            List<string> argv = ["setpriv", "--no-new-privs", "--", "timeout", "-k", "5", seconds, .. command];
            using var bound = new CancellationTokenSource(limits.Timeout + HostGrace, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, bound.Token, _deadline.Token);
            try
            {
                IDockerClient engine = _job.Engine!;
                var created = await engine.Exec.CreateContainerExecAsync(ContainerId, new ContainerExecCreateParameters
                {
                    Cmd = argv,
                    User = _spec.User,
                    WorkingDir = _spec.WorkingDirectory,
                    Env = [.. _spec.Environment.Select(p => $"{p.Key}={p.Value}")],
                    AttachStdout = true,
                    AttachStderr = true,
                }, linked.Token);
                (string stdout, string stderr, bool truncated) = await ReadAsync(engine, created.ID, limits.MaxOutputBytes, linked.Token);
                var inspect = await engine.Exec.InspectContainerExecAsync(created.ID, linked.Token);
                int exit = (int)(inspect.ExitCode ?? -1);
                bool timedOut = exit is 124 or 137 && time.GetElapsedTime(begun) >= limits.Timeout;
                return new ExecOutcome(timedOut ? null : exit, stdout, stderr, timedOut, truncated, time.GetElapsedTime(begun));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return new ExecOutcome(null, "", TimedOut ? "the container passed its time limit" : "the command did not return in time",
                    TimedOut: true, Truncated: false, time.GetElapsedTime(begun));
            }
            catch (DockerApiException ex)
            {
                throw new ContainerRuntimeException($"exec in Swarm job {_job.Name} failed ({(int)ex.StatusCode}: {ex.ResponseBody?.Trim()})", ex);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                throw new BackendFailureException($"lost the engine of node {_job.NodeId} running job {_job.Name} ({ex.Message})", ex);
            }
        }

        public async Task<ContainerRun> FinishAsync(CancellationToken cancellationToken)
        {
            try
            {
                await _job.KillAsync(cancellationToken);
                await _job.Engine!.Containers.WaitContainerAsync(ContainerId, cancellationToken);
                ContainerRun run = await _runtime.CollectAsync(_job, _spec, _imageId, timedOut: false, _started, cancellationToken);
                // Killed by FinishAsync: the exit code is the kill's, unless the time limit had passed.
                return TimedOut ? run with { ExitCode = null, TimedOut = true } : run;
            }
            catch (DockerApiException ex)
            {
                throw Translate(ex, _job);
            }
            catch (UnsafeArchiveEntryException ex)
            {
                throw new ContainerRuntimeException($"Copying files out of job {_job.Name} was refused: {ex.Message}", ex);
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
            if (Interlocked.Exchange(ref _removed, 1) == 0) await _job.RemoveAsync(_runtime._options.CleanupTimeout);
        }

        /// <summary>Runs the exec and reads both streams, each kept to <paramref name="maxBytes"/> (the rest is read and dropped).</summary>
        private static async Task<(string Stdout, string Stderr, bool Truncated)> ReadAsync(IDockerClient engine, string execId, int maxBytes, CancellationToken ct)
        {
            using MultiplexedStream stream = await engine.Exec.StartContainerExecAsync(execId, new ContainerExecStartParameters { Detach = false }, ct);
            var buffers = new[] { new MemoryStream(), new MemoryStream() };
            bool truncated = false;
            byte[] chunk = new byte[81920];
            while (true)
            {
                var read = await stream.ReadOutputAsync(chunk, 0, chunk.Length, ct);
                if (read.EOF) break;
                MemoryStream target = buffers[read.Target == MultiplexedStream.TargetStream.StandardError ? 1 : 0];
                int take = (int)Math.Min(read.Count, Math.Max(0, maxBytes - target.Length));
                target.Write(chunk, 0, take);
                truncated |= take < read.Count;
            }

            return (Decode(buffers[0]), Decode(buffers[1]), truncated);
        }

        private static string Decode(MemoryStream buffer) => Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
