using HarnessBench.Docker.Images;

namespace HarnessBench.Docker.Tests.Images;

public sealed class AptMirrorTests
{
    private const string Deb822 = """
        Types: deb
        # http://snapshot.example/archive/debian/20250520T000000Z
        URIs: http://mirror.example/debian
        Suites: bookworm bookworm-updates
        Components: main
        Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

        Types: deb
        URIs: http://mirror.example/debian-security
        Suites: bookworm-security
        Components: main
        """;

    [Fact]
    public void Deb822_sources_give_the_stanza_that_lists_the_suite_and_ignore_comments()
    {
        using var tree = new TempDirectory();
        tree.Write("apt/sources.list.d/debian.sources", Deb822);

        Assert.Equal("http://mirror.example/debian", AptMirror.Detect("bookworm", tree.Combine("apt")));
    }

    [Fact]
    public void Security_archives_are_never_chosen_and_another_suite_is_a_fallback()
    {
        using var tree = new TempDirectory();
        tree.Write("apt/sources.list.d/a.sources", "Types: deb\nURIs: http://security.example/debian-security\nSuites: trixie-security\n");
        tree.Write("apt/sources.list.d/b.sources", "Types: deb\nURIs: http://mirror.example/debian\nSuites: trixie\n");

        Assert.Equal("http://mirror.example/debian", AptMirror.Detect("bookworm", tree.Combine("apt")));
    }

    [Fact]
    public void Disabled_and_source_only_stanzas_are_skipped()
    {
        using var tree = new TempDirectory();
        tree.Write("apt/sources.list.d/a.sources",
            "Types: deb-src\nURIs: http://src.example/debian\nSuites: bookworm\n\n" +
            "Enabled: no\nTypes: deb\nURIs: http://off.example/debian\nSuites: bookworm\n\n" +
            "Types: deb deb-src\nURIs: https://on.example/debian\nSuites: bookworm\n");

        Assert.Equal("https://on.example/debian", AptMirror.Detect("bookworm", tree.Combine("apt")));
    }

    [Fact]
    public void One_line_sources_with_options_are_read()
    {
        using var tree = new TempDirectory();
        tree.Write("apt/sources.list",
            "# deb http://commented.example/debian bookworm main\n" +
            "deb http://security.example/debian-security bookworm-security main\n" +
            "deb [arch=amd64 signed-by=/usr/share/keyrings/k.gpg] http://mirror.example/debian bookworm main contrib\n");

        Assert.Equal("http://mirror.example/debian", AptMirror.Detect("bookworm", tree.Combine("apt")));
    }

    [Fact]
    public void No_sources_means_no_mirror()
    {
        using var tree = new TempDirectory();

        Assert.Null(AptMirror.Detect("bookworm", tree.Combine("apt")));
    }
}
