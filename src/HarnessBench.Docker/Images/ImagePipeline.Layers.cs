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
    public (string Name, string Hash, string Tag) CombinedTag(string toolchain, string layer)
    {
        var input = $"{catalog.GetHash(toolchain)}\n{catalog.GetHash(layer)}\n{CombinedDockerfile(layer)}";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input)));
        var name = $"{toolchain}-{layer}";
        return (name, hash, ImageTags.Tag(name, hash));
    }

    /// <summary>
    /// The tag of the combined image, built (with its toolchain and layer when missing) on first use.
    /// Serialized: concurrent cells asking for the same combination build it once.
    /// </summary>
    public async Task<string> EnsureCombinedAsync(string toolchain, string layer, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var (name, hash, tag) = CombinedTag(toolchain, layer);
        await CombineLock.WaitAsync(cancellationToken);
        try
        {
            if (await FindCurrentAsync(tag, hash, cancellationToken) is not null) return tag;
            await BuildAsync([toolchain, layer], force: false, progress, cancellationToken);
            var context = new BuildContext();
            context.Add("Dockerfile", Encoding.UTF8.GetBytes(CombinedDockerfile(layer)));
            using var tar = new MemoryStream();
            await context.WriteTarAsync(tar, cancellationToken);
            tar.Position = 0;
            var buildArgs = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [BaseBuildArgument] = catalog.ResolveTag(toolchain),
                ["LAYER"] = catalog.ResolveTag(layer),
            };
            try
            {
                await engine.BuildAsync(tar, tag, buildArgs, ImageTags.Labels(name, hash), Prefixed(progress, name), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not ImageBuildException)
            {
                throw new ImageBuildException($"Building the agent image '{name}' ({tag}) from '{toolchain}' and '{layer}' failed: {ex.Message}", ex);
            }
            return tag;
        }
        finally
        {
            CombineLock.Release();
        }
    }
}
