using System.Text;
using System.Text.RegularExpressions;

namespace HarnessBench.Docker.Images;

/// <summary>
/// Task images: a task that combines toolchains (<c>toolchain: [python, c-cpp]</c>) or declares its own
/// environment (environment/Dockerfile) runs on an image made for it, content-hashed like every image
/// and built on first use. Combined toolchains are built by chaining: each next toolchain's Dockerfile
/// (they all start FROM ${BASE} and install Debian packages) is built FROM the previous one, so
/// python+c-cpp is the c-cpp recipe on top of the python image. An environment's Dockerfile is built
/// FROM that image (BASE), with two steps appended that every task image needs: /workspace owned by
/// the agent's uid, and a check that python3 is there for the grader's driver.
/// </summary>
internal sealed partial class ImagePipeline
{
    /// <summary>Prefix of task images: hbench/task-&lt;id&gt;.</summary>
    public const string TaskImagePrefix = "task-";

    /// <summary>Appended to every environment's Dockerfile (part of the content hash).</summary>
    internal const string EnvironmentEpilogue = """

        # --- appended by hbench: every task image keeps these ---
        USER root
        RUN mkdir -p /workspace && chown -R 1000:1000 /workspace \
         && if ! command -v python3 >/dev/null 2>&1; then echo "hbench: the task environment has no python3 (the grader's driver runs on it): install python3 in environment/Dockerfile or build FROM a toolchain" >&2; exit 1; fi
        WORKDIR /workspace
        """;

    /// <summary>The image of several toolchains combined in order ("python" alone is the catalog image).</summary>
    public HashedImage ToolchainImage(IReadOnlyList<string> toolchains)
    {
        ArgumentNullException.ThrowIfNull(toolchains);
        if (toolchains.Count == 0) throw new ArgumentException("at least one toolchain is needed", nameof(toolchains));
        var image = HashedImage.Of(toolchains[0], catalog.GetHash(toolchains[0]));
        foreach (var next in toolchains.Skip(1))
        {
            var name = $"{image.Name}.{next}";
            image = HashedImage.Of(name, ContentHasher.Compute(catalog.GetContext(next), image.Hash, CombineInput));
        }
        return image;
    }

    /// <summary>The task's image as built from the current inputs (it may not exist yet).</summary>
    public HashedImage TaskImage(TaskImageSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var parent = ToolchainImage(spec.Toolchains);
        if (spec.EnvironmentDirectory is null) return parent;
        return HashedImage.Of(TaskImageName(spec.TaskId), ContentHasher.Compute(EnvironmentContext(spec.EnvironmentDirectory), parent.Hash));
    }

    /// <summary>
    /// Builds the task's image when missing (its toolchains first), serialized with the other on-demand
    /// builds. A build that failed is not retried by this pipeline: the first error is thrown again.
    /// </summary>
    public async Task<HashedImage> EnsureTaskImageAsync(TaskImageSpec spec, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var target = TaskImage(spec);
        await CombineLock.WaitAsync(cancellationToken);
        try
        {
            if (await FindCurrentAsync(target.Tag, target.Hash, cancellationToken) is not null) return target;
            await BuildAsync([.. spec.Toolchains.Distinct(StringComparer.Ordinal)], force: false, progress, cancellationToken);
            var parent = HashedImage.Of(spec.Toolchains[0], catalog.GetHash(spec.Toolchains[0]));
            foreach (var next in spec.Toolchains.Skip(1))
            {
                var combined = HashedImage.Of($"{parent.Name}.{next}", ContentHasher.Compute(catalog.GetContext(next), parent.Hash, CombineInput));
                await BuildDerivedAsync(combined, catalog.GetContext(next), parent.Tag, $"the toolchains {parent.Name} and {next} combined", progress, cancellationToken);
                parent = combined;
            }
            if (spec.EnvironmentDirectory is not null)
                await BuildDerivedAsync(target, EnvironmentContext(spec.EnvironmentDirectory), parent.Tag, $"the environment of task '{spec.TaskId}'", progress, cancellationToken);
            return target;
        }
        finally
        {
            CombineLock.Release();
        }
    }

    /// <summary>True when <paramref name="image"/> exists with its content hash.</summary>
    public async Task<bool> IsPresentAsync(HashedImage image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        return await FindCurrentAsync(image.Tag, image.Hash, cancellationToken) is not null;
    }

    /// <summary>Docker repository names are lower-case; task ids may not be.</summary>
    internal static string TaskImageName(string taskId) =>
        TaskImagePrefix + InvalidNameCharacters().Replace(taskId.ToLowerInvariant(), "-");

    /// <summary>The environment folder as a build context, its Dockerfile with <see cref="EnvironmentEpilogue"/> appended.</summary>
    internal static BuildContext EnvironmentContext(string directory)
    {
        var source = BuildContext.FromDirectory(directory);
        var context = new BuildContext();
        foreach (var file in source.Files)
        {
            var content = file.Path == "Dockerfile"
                ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(file.Content.Span).TrimEnd() + "\n" + EnvironmentEpilogue + "\n")
                : file.Content;
            context.Add(file.Path, content, file.Mode == BuildContext.ExecutableMode);
        }
        if (!source.Files.Any(f => f.Path == "Dockerfile"))
            throw new ImageBuildException($"{directory} has no Dockerfile.");
        return context;
    }

    private static readonly Dictionary<string, ReadOnlyMemory<byte>> CombineInput = new(StringComparer.Ordinal)
    {
        ["combined-toolchain"] = Encoding.UTF8.GetBytes("v1"),
    };

    private async Task BuildDerivedAsync(HashedImage image, BuildContext context, string baseTag, string what, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (await FindCurrentAsync(image.Tag, image.Hash, cancellationToken) is not null) return;
        progress?.Report($"{image.Name}: building {image.Tag} ({what})");
        await Remembered(image.Tag, async () =>
        {
            try
            {
                using var tar = new MemoryStream();
                await context.WriteTarAsync(tar, cancellationToken);
                tar.Position = 0;
                var args = new Dictionary<string, string>(StringComparer.Ordinal) { [BaseBuildArgument] = baseTag };
                return await engine.BuildAsync(tar, image.Tag, args, ImageTags.Labels(image.Name, image.Hash), Prefixed(progress, image.Name), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not ImageBuildException)
            {
                throw new ImageBuildException($"Building {what} ({image.Tag}) failed: {ex.Message}", ex);
            }
        });
    }

    [GeneratedRegex("[^a-z0-9._-]")]
    private static partial Regex InvalidNameCharacters();
}
