using System.Text;
using HarnessBench.Docker.Logs;
using HarnessBench.Docker.Wire;

namespace HarnessBench.Docker;

internal sealed partial class DockerClient
{
    /// <summary>
    /// Runs a command in a running container (exec create, start attached, inspect) and returns its
    /// exit code and demultiplexed output.
    /// </summary>
    public async Task<ExecResult> ExecAsync(string id, IReadOnlyList<string> command, ExecOptions? options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        options ??= new ExecOptions();
        var create = new ExecCreateBody
        {
            Cmd = [.. command],
            User = options.User,
            WorkingDir = options.WorkingDir,
            Env = options.Env.Count == 0 ? null : options.Env.Select(e => $"{e.Key}={e.Value}").ToList(),
        };
        string execId;
        using (HttpResponseMessage created = await SendAsync(HttpMethod.Post, $"containers/{Segment(id)}/exec", ToJson(create, Json.ExecCreateBody), ct))
        {
            await EnsureSuccessAsync(created, $"exec create in {id}", ct);
            execId = (await ReadJsonAsync(created, Json.IdBody, ct)).Id
                ?? throw new DockerException("Docker engine created an exec but sent no id. Check the engine version.");
        }

        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        // The engine hijacks the connection and streams raw multiplexed frames until the command exits.
        using (HttpResponseMessage started = await SendAsync(HttpMethod.Post, $"exec/{execId}/start", ToJson(new ExecStartBody(), Json.ExecStartBody), ct))
        {
            await EnsureSuccessAsync(started, $"exec start in {id}", ct);
            await using Stream stream = await started.Content.ReadAsStreamAsync(ct);
            await StreamDemuxer.CopyAsync(stream, stdout, stderr, options.MaxOutputBytes, ct);
        }

        long exitCode = await ExecExitCodeAsync(execId, ct);
        return new ExecResult(exitCode, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    private async Task<long> ExecExitCodeAsync(string execId, CancellationToken ct)
    {
        // The output stream can close a moment before the engine records the exit code.
        for (int attempt = 0; ; attempt++)
        {
            using HttpResponseMessage response = await SendAsync(HttpMethod.Get, $"exec/{execId}/json", null, ct);
            await EnsureSuccessAsync(response, "exec inspect", ct);
            ExecInspectBody body = await ReadJsonAsync(response, Json.ExecInspectBody, ct);
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
