using System.Security.Cryptography;
using System.Text;

namespace HarnessBench.Docker.Images;

/// <summary>
/// Agent images: a task's toolchain image plus a harness layer's /opt/hbench/&lt;layer&gt; tree, so an
/// agent can run the task's compilers. N toolchains + M layers are built from containers/; the
/// combinations are tiny derived images, built on first use and content-hashed like the rest.
/// </summary>
internal sealed partial class ImagePipeline
{
    /// <summary>Where a harness layer image keeps everything it installs (copied into the combined image).</summary>
    public const string LayerRoot = "/opt/hbench";

    /// <summary>A script a layer may ship at /opt/hbench/&lt;layer&gt;/combine.sh, run as root in the combined image (e.g. to install the runtime the layer needs).</summary>
    public const string CombineScript = "combine.sh";

    /// <summary>
    /// The combined image's Dockerfile: the layer's /opt/hbench/&lt;layer&gt; tree on top of the toolchain,
    /// its bin/ (and node/bin/, where the layer brings its own Node) first on PATH.
    /// </summary>
    internal string CombinedDockerfile(string layer)
    {
        var root = $"{LayerRoot}/{layer}";
        var combine = catalog.GetContext(layer).Files.Any(f => f.Path == CombineScript)
            ? $"RUN {root}/{CombineScript}\n"
            : "";
        return $$"""
            ARG BASE
            ARG LAYER
            FROM ${LAYER} AS layer
            FROM ${BASE}
            COPY --from=layer {{root}} {{root}}
            {{combine}}ENV PATH={{root}}/bin:{{root}}/node/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
            """;
    }

    // One per process: there is one pipeline per process, and builds are serialized anyway.
    private static readonly SemaphoreSlim CombineLock = new(1, 1);

    /// <summary>The content-hashed name and tag of <paramref name="toolchain"/> combined with <paramref name="layer"/>.</summary>
    public (string Name, string Hash, string Tag) CombinedTag(string toolchain, string layer) =>
        CombinedTag(HashedImage.Of(toolchain, catalog.GetHash(toolchain)), layer);

    /// <summary>The content-hashed name and tag of any hbench image (a toolchain, a task's image) combined with <paramref name="layer"/>.</summary>
    public (string Name, string Hash, string Tag) CombinedTag(HashedImage baseImage, string layer)
    {
        ArgumentNullException.ThrowIfNull(baseImage);
        var input = $"{baseImage.Hash}\n{catalog.GetHash(layer)}\n{CombinedDockerfile(layer)}";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input)));
        var name = $"{baseImage.Name}-{layer}";
        return (name, hash, ImageTags.Tag(name, hash));
    }

    /// <summary>
    /// The tag of the combined image, built (with its toolchain and layer when missing) on first use.
    /// Serialized: concurrent cells asking for the same combination build it once, and a build that
    /// failed is not tried again by this pipeline (the same error is thrown at once).
    /// </summary>
    public Task<string> EnsureCombinedAsync(string toolchain, string layer, IProgress<string>? progress, CancellationToken cancellationToken) =>
        EnsureCombinedAsync(HashedImage.Of(toolchain, catalog.GetHash(toolchain)), [toolchain, layer], layer, progress, cancellationToken);

    /// <summary>
    /// <paramref name="baseImage"/> (already built: a task's image from <see cref="EnsureTaskImageAsync"/>)
    /// combined with <paramref name="layer"/>, built on first use like the toolchain combinations.
    /// </summary>
    public Task<string> EnsureCombinedAsync(HashedImage baseImage, string layer, IProgress<string>? progress, CancellationToken cancellationToken) =>
        EnsureCombinedAsync(baseImage, [layer], layer, progress, cancellationToken);

    private async Task<string> EnsureCombinedAsync(HashedImage baseImage, IReadOnlyList<string> prerequisites, string layer, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var (name, hash, tag) = CombinedTag(baseImage, layer);
        await CombineLock.WaitAsync(cancellationToken);
        try
        {
            if (await FindCurrentAsync(tag, hash, cancellationToken) is not null) return tag;
            // A toolchain or layer that failed before fails again at once here (see Remembered).
            await BuildAsync(prerequisites, force: false, progress, cancellationToken);
            var context = new BuildContext();
            context.Add("Dockerfile", Encoding.UTF8.GetBytes(CombinedDockerfile(layer)));
            using var tar = new MemoryStream();
            await context.WriteTarAsync(tar, cancellationToken);
            tar.Position = 0;
            var buildArgs = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [BaseBuildArgument] = baseImage.Tag,
                ["LAYER"] = catalog.ResolveTag(layer),
            };
            await Remembered(tag, async () =>
            {
                try
                {
                    return await engine.BuildAsync(tar, tag, buildArgs, ImageTags.Labels(name, hash), Prefixed(progress, name), cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not ImageBuildException)
                {
                    throw new ImageBuildException($"Building the agent image '{name}' ({tag}) from '{baseImage.Name}' and '{layer}' failed: {ex.Message}", ex);
                }
            });
            return tag;
        }
        finally
        {
            CombineLock.Release();
        }
    }
}
