using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using HarnessBench.Docker.Logs;

namespace HarnessBench.Docker;

internal sealed partial class DockerClient
{
    /// <summary>
    /// Runs a command in a running container (exec create, start attached, inspect) and returns its
    /// exit code and separated output.
    /// </summary>
    public async Task<ExecResult> ExecAsync(string id, IReadOnlyList<string> command, ExecOptions? options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        options ??= new ExecOptions();
        var create = new ContainerExecCreateParameters
        {
            AttachStdout = true,
            AttachStderr = true,
            Cmd = [.. command],
            User = options.User ?? "",
            WorkingDir = options.WorkingDir ?? "",
            Env = options.Env.Count == 0 ? null : [.. options.Env.Select(e => $"{e.Key}={e.Value}")],
        };
        ContainerExecCreateResponse created = await CallAsync($"exec create in {id}", (engine, t) => engine.Exec.CreateContainerExecAsync(id, create, t), ct);
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        // The engine streams the command's output until it exits; the output lands in memory, so a read failure is the engine's.
        await CallAsync($"exec output in {id}", async (engine, t) =>
        {
            using MultiplexedStream output = await engine.Exec.StartContainerExecAsync(created.ID, new ContainerExecStartParameters(), t);
            return await OutputCopy.CopyAsync(output, stdout, stderr, options.MaxOutputBytes, t);
        }, ct);

        long exitCode = await ExecExitCodeAsync(created.ID, ct);
        return new ExecResult(exitCode, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    private async Task<long> ExecExitCodeAsync(string execId, CancellationToken ct)
    {
        // The output stream can close a moment before the engine records the exit code.
        for (int attempt = 0; ; attempt++)
        {
            ContainerExecInspectResponse body = await CallAsync("exec inspect", (engine, t) => engine.Exec.InspectContainerExecAsync(execId, t), ct);
            if (!body.Running && body.ExitCode is { } code)
            {
                return code;
            }

            if (attempt >= 200)
            {
                throw new DockerException($"Exec {execId} output ended but the engine still reports it running after 10 s. Check the engine's log.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
        }
    }
}
