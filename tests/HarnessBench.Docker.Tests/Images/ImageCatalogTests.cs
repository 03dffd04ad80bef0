using HarnessBench.Docker.Images;

namespace HarnessBench.Docker.Tests.Images;

public sealed class ImageCatalogTests : IDisposable
{
    private readonly TempDirectory _tree = new();

    public ImageCatalogTests()
    {
        _tree.Write("scripts/build-base-rootfs.sh", "#!/bin/sh\ndebootstrap\n", TempDirectory.Executable);
        _tree.Write("containers/base/rootfs.conf", "SUITE=bookworm\nVARIANT=minbase\n");
        _tree.Write("containers/base/Dockerfile", "ARG BASE\nFROM ${BASE}\n");
        _tree.Write("containers/toolchains/python/Dockerfile", "ARG BASE\nFROM ${BASE}\nRUN echo python\n");
        _tree.Write("containers/toolchains/node/Dockerfile", "ARG BASE\nFROM ${BASE}\nRUN echo node\n");
        _tree.Write("containers/harnesses/claude-code/Dockerfile", "# hbench-parent: node\nARG BASE\nFROM ${BASE}\n");
        _tree.Write("containers/harnesses/claude-code/config/settings.json", "{}");
        _tree.Write("ca/proxy.crt", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    }

    public void Dispose() => _tree.Dispose();

    private ImageCatalog Load() => ImageCatalog.Load(_tree.Combine("containers"),
        new ImageHostInputs(_tree.Combine("scripts/build-base-rootfs.sh"), _tree.Combine("ca")));

    [Fact]
    public void Every_directory_with_a_Dockerfile_is_an_image_named_after_it_with_parents_first()
    {
        var catalog = Load();

        Assert.Equal(["base", "claude-code", "node", "python"], catalog.Images.Select(i => i.Name).Order(StringComparer.Ordinal));
        var names = catalog.Images.Select(i => i.Name).ToList();
        Assert.Equal(0, names.IndexOf("base"));
        Assert.True(names.IndexOf("node") < names.IndexOf("claude-code"));

        var baseImage = catalog.Get("base");
        Assert.True(baseImage.IsRootfs);
        Assert.Null(baseImage.Parent);
        Assert.Equal("base", catalog.Get("python").Parent);
        Assert.Equal("node", catalog.Get("claude-code").Parent);
        Assert.False(catalog.Get("claude-code").IsRootfs);
    }

    [Fact]
    public void Subdirectories_of_an_image_are_its_context_not_images()
    {
        _tree.Write("containers/harnesses/claude-code/nested/Dockerfile", "FROM scratch\n");

        var catalog = Load();

        Assert.False(catalog.Contains("nested"));
        Assert.Contains(catalog.GetContext("claude-code").Files, f => f.Path == "nested/Dockerfile");
        Assert.Contains(catalog.GetContext("claude-code").Files, f => f.Path == "config/settings.json");
    }

    [Fact]
    public void Tags_are_the_repository_and_the_first_12_hex_of_the_content_hash()
    {
        var catalog = Load();

        var hash = catalog.GetHash("python");
        Assert.Equal($"hbench/python:{hash[..12]}", catalog.ResolveTag("python"));
        Assert.NotEqual(catalog.GetHash("python"), catalog.GetHash("node"));
    }

    [Fact]
    public void A_change_in_the_base_changes_every_descendant_but_not_unrelated_images()
    {
        var before = Load();
        _tree.Write("containers/base/Dockerfile", "ARG BASE\nFROM ${BASE}\nRUN true\n");
        var after = Load();

        foreach (var name in new[] { "base", "python", "node", "claude-code" })
        {
            Assert.NotEqual(before.GetHash(name), after.GetHash(name));
        }
    }

    [Fact]
    public void A_change_in_a_sibling_or_outside_any_context_does_not_change_an_image()
    {
        var before = Load();
        _tree.Write("containers/toolchains/node/Dockerfile", "ARG BASE\nFROM ${BASE}\nRUN echo node 2\n");
        _tree.Write("containers/README.md", "about the images");
        _tree.Write("containers/toolchains/notes.txt", "not an image");
        _tree.Write("unrelated/file.txt", "x");
        var after = Load();

        Assert.Equal(before.GetHash("python"), after.GetHash("python"));
        Assert.Equal(before.GetHash("base"), after.GetHash("base"));
        Assert.NotEqual(before.GetHash("claude-code"), after.GetHash("claude-code"));
    }

    [Fact]
    public void The_rootfs_recipe_script_and_host_ca_certificates_are_inputs_of_the_base()
    {
        var original = Load().GetHash("base");

        _tree.Write("ca/proxy.crt", "-----BEGIN CERTIFICATE-----\nBBBB\n-----END CERTIFICATE-----\n");
        var withOtherCa = Load().GetHash("base");
        _tree.Write("scripts/build-base-rootfs.sh", "#!/bin/sh\ndebootstrap --variant=minbase\n", TempDirectory.Executable);
        var withOtherScript = Load().GetHash("base");
        _tree.Write("containers/base/rootfs.conf", "SUITE=trixie\nVARIANT=minbase\n");
        var withOtherSuite = Load().GetHash("base");

        Assert.Equal(4, new[] { original, withOtherCa, withOtherScript, withOtherSuite }.Distinct().Count());
    }

    [Fact]
    public void Host_ca_certificates_go_under_extra_ca_and_the_directory_exists_without_any()
    {
        var context = Load().GetContext("base");
        Assert.Contains(context.Files, f => f.Path == "extra-ca/proxy.crt");

        Directory.Delete(_tree.Combine("ca"), recursive: true);
        var empty = ImageCatalog.Load(_tree.Combine("containers"),
            new ImageHostInputs(_tree.Combine("scripts/build-base-rootfs.sh"), _tree.Combine("ca")));
        Assert.DoesNotContain(empty.GetContext("base").Files, f => f.Path.StartsWith("extra-ca/", StringComparison.Ordinal));
        Assert.DoesNotContain(empty.GetContext("python").Files, f => f.Path.StartsWith("extra-ca/", StringComparison.Ordinal));
    }

    [Fact]
    public void The_rootfs_hash_ignores_the_base_Dockerfile()
    {
        var before = Load();
        _tree.Write("containers/base/Dockerfile", "ARG BASE\nFROM ${BASE}\nRUN true\n");
        var after = Load();

        Assert.Equal(before.GetRootfsHash(before.Get("base")), after.GetRootfsHash(after.Get("base")));
        Assert.StartsWith("hbench/base-rootfs:", after.ResolveRootfsTag(after.Get("base")), StringComparison.Ordinal);
    }

    [Fact]
    public void WithAncestors_returns_the_named_images_and_their_parents_in_build_order()
    {
        var catalog = Load();

        Assert.Equal(["base", "node", "claude-code"], catalog.WithAncestors(["claude-code"]).Select(i => i.Name));
        Assert.Equal(["base", "python"], catalog.WithAncestors(["python"]).Select(i => i.Name));
        Assert.Equal(catalog.Images, catalog.WithAncestors([]));
    }

    [Fact]
    public void Parent_none_means_no_parent()
    {
        _tree.Write("containers/tools/scratchy/Dockerfile", "# hbench-parent: none\nFROM scratch\n");

        Assert.Null(Load().Get("scratchy").Parent);
    }

    [Fact]
    public void Unknown_images_and_unknown_parents_are_reported_with_the_known_names()
    {
        var unknown = Assert.Throws<ImageBuildException>(() => Load().ResolveTag("pyton"));
        Assert.Contains("python", unknown.Message, StringComparison.Ordinal);

        _tree.Write("containers/harnesses/aider/Dockerfile", "# hbench-parent: pyhton\nFROM ${BASE}\n");
        var error = Assert.Throws<ImageBuildException>(Load);
        Assert.Contains("'pyhton' does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_names_invalid_names_and_cycles_are_all_reported_at_once()
    {
        _tree.Write("containers/harnesses/python/Dockerfile", "FROM ${BASE}\n");
        _tree.Write("containers/harnesses/Bad_Name/Dockerfile", "FROM ${BASE}\n");
        _tree.Write("containers/loop/a/Dockerfile", "# hbench-parent: b\n");
        _tree.Write("containers/loop/b/Dockerfile", "# hbench-parent: a\n");

        var error = Assert.Throws<ImageBuildException>(Load);

        Assert.Contains("also used by", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a valid image name", error.Message, StringComparison.Ordinal);
        Assert.Contains("cycle", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_catalog_has_the_base_and_every_toolchain()
    {
        var home = RepoRoot.Find();
        var catalog = ImageCatalog.Load(Path.Combine(home, "containers"), ImageHostInputs.ForHome(home));

        Assert.True(catalog.Get("base").IsRootfs);
        foreach (var toolchain in new[] { "python", "torch", "c-cpp", "rust", "node", "sql" })
        {
            Assert.Equal("base", catalog.Get(toolchain).Parent);
            Assert.Matches($"^hbench/{toolchain}:[0-9a-f]{{12}}$", catalog.ResolveTag(toolchain));
        }
    }
}
