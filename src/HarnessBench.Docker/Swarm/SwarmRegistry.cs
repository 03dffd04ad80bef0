using System.Collections.Concurrent;
using Docker.DotNet;
using Docker.DotNet.Models;
using HarnessBench.Core.Runtime;
using Microsoft.Extensions.Logging;

namespace HarnessBench.Docker.Swarm;

/// <summary>
/// How a cell's image reaches every node: the manager's engine pushes it once to hbench's registry and
/// the service names it by digest (<c>REGISTRY/hbench/python@sha256:...</c>), so whichever node the
/// scheduler picks pulls exactly the content the manager resolved (a tag could have moved in between).
/// Images are built on the manager only (a task's combined toolchains too, on first use); each is
/// pushed at most once per process (per image id), and a push of an image the registry already holds
/// only checks its layers (measured: tens of milliseconds).
/// </summary>
internal sealed class SwarmRegistry(SwarmEngines engines, string? configuredAddress, ILogger logger, TimeProvider? timeProvider = null)
{
    /// <summary>The port scripts/ensure-registry.sh listens on, at the swarm's advertise address.</summary>
    public const int DefaultPort = 5000;

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _pushed = new(StringComparer.Ordinal);
    private string? _address = configuredAddress;

    /// <summary>True when bench.yaml names the registry (otherwise it is the manager's own).</summary>
    public bool Configured { get; } = configuredAddress is not null;

    /// <summary>host:port of the registry: the configured one, else the swarm manager's advertise address, port 5000.</summary>
    public async Task<string> AddressAsync(CancellationToken ct)
    {
        if (_address is not null) return _address;
        SystemInfoResponse info = await engines.Manager.System.GetSystemInfoAsync(ct);
        string host = info.Swarm?.NodeAddr is { Length: > 0 } addr ? addr : "127.0.0.1";
        return _address = $"{host}:{DefaultPort}";
    }

    /// <summary>The digest-pinned registry reference of <paramref name="image"/> (whose id is <paramref name="imageId"/>), pushing it first when this process has not.</summary>
    /// <exception cref="BackendFailureException">The registry refused the push or does not answer.</exception>
    public async Task<string> ReferenceAsync(string image, string imageId, CancellationToken ct)
    {
        Lazy<Task<string>> push = _pushed.GetOrAdd(imageId, _ => new Lazy<Task<string>>(() => PushAsync(image, imageId)));
        try
        {
            return await push.Value.WaitAsync(ct);
        }
        catch (Exception) when (push.Value.IsFaulted)
        {
            _pushed.TryRemove(new KeyValuePair<string, Lazy<Task<string>>>(imageId, push)); // the next cell tries again
            throw;
        }
    }

    /// <summary>Where <paramref name="image"/> goes in the registry: its repository and tag, without any registry host it names.</summary>
    public static (string Repository, string Tag) RepositoryOf(string image, string imageId)
    {
        string name = image.Split('@')[0];
        if (name.StartsWith("sha256:", StringComparison.Ordinal) || name.Length == 0)
        {
            return ("hbench/untagged", imageId.Replace("sha256:", "", StringComparison.Ordinal)[..12]);
        }

        int slash = name.IndexOf('/', StringComparison.Ordinal);
        // A first component with a dot or a port, or "localhost", is a registry host: not part of the repository.
        if (slash > 0 && (name[..slash].Contains('.', StringComparison.Ordinal) || name[..slash].Contains(':', StringComparison.Ordinal) || name[..slash] == "localhost"))
        {
            name = name[(slash + 1)..];
        }

        int colon = name.LastIndexOf(':');
        return colon > name.LastIndexOf('/') ? (name[..colon], name[(colon + 1)..]) : (name, "latest");
    }

    // Not bound to the first cell's token: a cancelled cell must not fail the push other cells wait on.
    private async Task<string> PushAsync(string image, string imageId)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(30), _time);
        CancellationToken ct = bound.Token;
        string address = await AddressAsync(ct);
        (string repository, string tag) = RepositoryOf(image, imageId);
        string target = $"{address}/{repository}";
        long started = _time.GetTimestamp();
        IDockerClient manager = engines.Manager;
        var progress = new PushProgress();
        try
        {
            await manager.Images.TagImageAsync(imageId, new ImageTagParameters { RepositoryName = target, Tag = tag }, ct);
            await manager.Images.PushImageAsync(target, new ImagePushParameters { Tag = tag }, new AuthConfig(), progress, ct);
        }
        catch (Exception ex) when (ex is DockerApiException or HttpRequestException or IOException)
        {
            await UntagAsync($"{target}:{tag}");
            throw Unreachable(image, address, ex.Message, ex);
        }

        if (progress.Error is { } error)
        {
            await UntagAsync($"{target}:{tag}");
            throw Unreachable(image, address, error, null);
        }
        // The engine records the digest it pushed as a RepoDigest of the image.
        ImageInspectResponse pushed = await manager.Images.InspectImageAsync(imageId, ct);
        string reference = pushed.RepoDigests?.FirstOrDefault(d => d.StartsWith(target + "@", StringComparison.Ordinal))
            ?? throw new BackendFailureException($"pushed {image} to the registry at {address}, but the engine recorded no digest for {target}");
        Log.SwarmImagePushed(logger, image, reference, _time.GetElapsedTime(started));
        return reference;
    }

    // A tag naming a registry that did not take the image would only mislead `docker images`.
    private async Task UntagAsync(string reference)
    {
        try
        {
            await engines.Manager.Images.DeleteImageAsync(reference, new ImageDeleteParameters { NoPrune = true }, CancellationToken.None);
        }
        catch (Exception ex) when (ex is DockerApiException or HttpRequestException or IOException)
        {
            // Not tagged after all, or the engine is gone: nothing to tidy.
        }
    }

    private static BackendFailureException Unreachable(string image, string address, string why, Exception? inner)
    {
        string message = $"could not push {image} to the image registry at {address} ({why.Trim()}). Every swarm node pulls cell images from it. " +
            "Fix: bash scripts/ensure-registry.sh (hbench's registry on this manager), or point bench.yaml's swarm: registry: at a registry this engine trusts; `./hbench doctor` shows it.";
        return inner is null ? new BackendFailureException(message) : new BackendFailureException(message, inner);
    }

    /// <summary>Collects the push's error message synchronously (Progress&lt;T&gt; would post it to the thread pool, after the push returned).</summary>
    private sealed class PushProgress : IProgress<JSONMessage>
    {
        public string? Error { get; private set; }

        public void Report(JSONMessage value)
        {
            string? message = value.Error?.Message;
            if (!string.IsNullOrEmpty(message)) Error ??= message;
        }
    }
}
