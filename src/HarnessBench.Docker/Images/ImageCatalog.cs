using System.Text.RegularExpressions;

namespace HarnessBench.Docker.Images;

/// <summary>
/// The images under containers/, discovered generically: any directory holding a Dockerfile is an
/// image named after the directory (containers/base, containers/toolchains/python,
/// containers/harnesses/claude-code), built FROM the image its Dockerfile names in a
/// <c># hbench-parent: &lt;name&gt;</c> comment, "base" by default (or none). A directory that also
/// holds rootfs.conf is a rootfs image: its BASE is a debootstrap tree imported into the engine.
/// Contexts and hashes are read when the catalog is loaded: a catalog is a snapshot of the checkout.
/// </summary>
internal sealed partial class ImageCatalog
{
    public const string RootfsRecipeFileName = "rootfs.conf";
    public const string DefaultParent = "base";
    public const string NoParent = "none";

    /// <summary>Directory in a rootfs image's context that receives the host's extra CA certificates.</summary>
    public const string ExtraCaContextDirectory = "extra-ca";

    private const string RootfsScriptInput = "rootfs-script";

    private readonly Dictionary<string, ImageDefinition> _byName;
    private readonly ImageHostInputs _host;
    private readonly Dictionary<string, string> _hashes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BuildContext> _contexts = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    private ImageCatalog(string containersDirectory, IReadOnlyList<ImageDefinition> images, ImageHostInputs host)
    {
        ContainersDirectory = containersDirectory;
        Images = images;
        _byName = images.ToDictionary(i => i.Name, StringComparer.Ordinal);
        _host = host;
    }

    public string ContainersDirectory { get; }

    /// <summary>All images, every parent before its children (then by name).</summary>
    public IReadOnlyList<ImageDefinition> Images { get; }

    /// <summary>Discovers the images under <paramref name="containersDirectory"/>; reports every problem at once.</summary>
    public static ImageCatalog Load(string containersDirectory, ImageHostInputs host)
    {
        var root = Path.GetFullPath(containersDirectory);
        if (!Directory.Exists(root))
        {
            throw new ImageBuildException($"The containers directory {root} does not exist. Run hbench from the HarnessBench checkout.");
        }

        var errors = new List<string>();
        var found = new Dictionary<string, ImageDefinition>(StringComparer.Ordinal);
        foreach (var directory in FindImageDirectories(root))
        {
            var name = Path.GetFileName(directory);
            var relative = Path.GetRelativePath(root, directory);
            if (!NamePattern().IsMatch(name))
            {
                errors.Add($"containers/{relative}: '{name}' is not a valid image name (lower-case letters, digits, '.', '_', '-').");
                continue;
            }

            if (found.TryGetValue(name, out var other))
            {
                errors.Add($"containers/{relative}: image name '{name}' is also used by containers/{Path.GetRelativePath(root, other.Directory)}; rename one directory.");
                continue;
            }

            var isRootfs = File.Exists(Path.Combine(directory, RootfsRecipeFileName));
            var declared = ReadDeclaredParent(Path.Combine(directory, "Dockerfile"));
            if (isRootfs && declared is not null && declared != NoParent)
            {
                errors.Add($"containers/{relative}: a rootfs image (with {RootfsRecipeFileName}) cannot declare a parent ('{declared}').");
            }

            var parent = isRootfs || declared == NoParent ? null : declared ?? DefaultParent;
            var onDemand = File.ReadLines(Path.Combine(directory, "Dockerfile")).Any(l => OnDemandPattern().IsMatch(l));
            found.Add(name, new ImageDefinition(name, directory, parent, isRootfs, onDemand));
        }

        foreach (var image in found.Values.Where(i => i.Parent is not null && !found.ContainsKey(i.Parent)))
        {
            errors.Add($"containers/{Path.GetRelativePath(root, image.Directory)}: parent image '{image.Parent}' does not exist " +
                $"(known: {string.Join(", ", found.Keys.Order(StringComparer.Ordinal))}).");
        }

        var ordered = TopologicalOrder(found, errors);
        if (errors.Count > 0)
        {
            throw new ImageBuildException($"The image catalog under {root} is invalid:{Environment.NewLine}  " +
                string.Join(Environment.NewLine + "  ", errors));
        }

        // Read every context and hash now, so the catalog is a snapshot: later edits do not leak in.
        var catalog = new ImageCatalog(root, ordered, host);
        foreach (var image in ordered)
        {
            catalog.GetHash(image.Name);
        }

        return catalog;
    }

    public bool Contains(string name) => _byName.ContainsKey(name);

    public ImageDefinition Get(string name) =>
        _byName.TryGetValue(name, out var image)
            ? image
            : throw new ImageBuildException($"Unknown image '{name}'. Known images: {string.Join(", ", _byName.Keys.Order(StringComparer.Ordinal))}. " +
                $"Images are the directories with a Dockerfile under {ContainersDirectory}.");

    /// <summary>The named images and all their ancestors, parents first. No names = every image but the on-demand ones.</summary>
    public IReadOnlyList<ImageDefinition> WithAncestors(IReadOnlyCollection<string> names)
    {
        if (names.Count == 0)
        {
            return Images.Where(i => !i.OnDemand).ToList();
        }

        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            for (var image = Get(name); wanted.Add(image.Name) && image.Parent is not null; image = Get(image.Parent))
            {
            }
        }

        return Images.Where(i => wanted.Contains(i.Name)).ToList();
    }

    /// <summary>The tag the image has when built from the current inputs: hbench/&lt;name&gt;:&lt;12 hex&gt;.</summary>
    public string ResolveTag(string name) => ImageTags.Tag(name, GetHash(name));

    /// <summary>Full content hash (64 hex) of the image's inputs, its parent's hash included.</summary>
    public string GetHash(string name)
    {
        var image = Get(name);
        lock (_gate)
        {
            if (_hashes.TryGetValue(name, out var cached))
            {
                return cached;
            }
        }

        var parentHash = image.IsRootfs ? GetRootfsHash(image) : image.Parent is null ? null : GetHash(image.Parent);
        var hash = ContentHasher.Compute(GetContext(name), parentHash);
        lock (_gate)
        {
            _hashes[name] = hash;
        }

        return hash;
    }

    /// <summary>Hash of a rootfs image's debootstrap tree: its recipe and the script that applies it.</summary>
    public string GetRootfsHash(ImageDefinition image)
    {
        if (!image.IsRootfs)
        {
            throw new ArgumentException($"Image '{image.Name}' has no rootfs recipe.", nameof(image));
        }

        if (!File.Exists(_host.RootfsScriptPath))
        {
            throw new ImageBuildException($"The rootfs build script {_host.RootfsScriptPath} is missing. Restore it from the repository.");
        }

        var recipe = new BuildContext();
        recipe.Add(RootfsRecipeFileName, File.ReadAllBytes(image.RootfsRecipePath));
        var script = new Dictionary<string, ReadOnlyMemory<byte>> { [RootfsScriptInput] = File.ReadAllBytes(_host.RootfsScriptPath) };
        return ContentHasher.Compute(recipe, parentHash: null, script);
    }

    public string ResolveRootfsTag(ImageDefinition image) => ImageTags.Tag(image.RootfsName, GetRootfsHash(image));

    /// <summary>
    /// The build context: the image's directory, plus, for a rootfs image, the host's extra CA
    /// certificates under extra-ca/ (an empty directory when there are none).
    /// </summary>
    public BuildContext GetContext(string name)
    {
        var image = Get(name);
        lock (_gate)
        {
            if (_contexts.TryGetValue(name, out var cached))
            {
                return cached;
            }
        }

        var context = BuildContext.FromDirectory(image.Directory);
        if (image.IsRootfs)
        {
            if (context.Files.Any(f => f.Path.StartsWith(ExtraCaContextDirectory + "/", StringComparison.Ordinal)))
            {
                throw new ImageBuildException($"{image.Directory}/{ExtraCaContextDirectory} is reserved for the host's CA certificates; remove it.");
            }

            context.AddDirectory(ExtraCaContextDirectory);
            if (Directory.Exists(_host.ExtraCaDirectory))
            {
                context.AddDirectoryTree(_host.ExtraCaDirectory, ExtraCaContextDirectory, "*.crt");
            }
        }

        lock (_gate)
        {
            _contexts[name] = context;
        }

        return context;
    }

    private static IEnumerable<string> FindImageDirectories(string directory)
    {
        foreach (var child in Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal))
        {
            if (File.Exists(Path.Combine(child, "Dockerfile")))
            {
                // Everything below an image directory is part of its build context, not another image.
                yield return child;
            }
            else
            {
                foreach (var nested in FindImageDirectories(child))
                {
                    yield return nested;
                }
            }
        }
    }

    private static string? ReadDeclaredParent(string dockerfile)
    {
        foreach (var line in File.ReadLines(dockerfile))
        {
            var match = ParentPattern().Match(line);
            if (match.Success)
            {
                return match.Groups[1].Value;
            }
        }

        return null;
    }

    private static List<ImageDefinition> TopologicalOrder(Dictionary<string, ImageDefinition> images, List<string> errors)
    {
        var ordered = new List<ImageDefinition>();
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false = visiting, true = done
        foreach (var name in images.Keys.Order(StringComparer.Ordinal))
        {
            Visit(images[name], []);
        }

        return ordered;

        void Visit(ImageDefinition image, List<string> path)
        {
            if (state.TryGetValue(image.Name, out var done))
            {
                if (!done)
                {
                    errors.Add($"Images have a parent cycle: {string.Join(" -> ", path.SkipWhile(n => n != image.Name))} -> {image.Name}.");
                }

                return;
            }

            state[image.Name] = false;
            if (image.Parent is not null && images.TryGetValue(image.Parent, out var parent))
            {
                Visit(parent, [.. path, image.Name]);
            }

            state[image.Name] = true;
            ordered.Add(image);
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^\s*#\s*hbench-on-demand\b", RegexOptions.IgnoreCase)]
    private static partial Regex OnDemandPattern();

    [GeneratedRegex(@"^\s*#\s*hbench-parent\s*:\s*([a-z0-9][a-z0-9._-]*)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ParentPattern();
}
