using HarnessBench.Core.Runtime;
using HarnessBench.Docker.Tests.Infrastructure;

namespace HarnessBench.Docker.Tests.Runtime;

/// <summary>Copy in, run, copy out through the engine's archive endpoints.</summary>
[Collection(DockerEngineGroup.Name)]
public sealed class ArchiveRoundTripTests(DockerFixture fixture) : IDisposable
{
    private const UnixFileMode Mode755 = (UnixFileMode)0b111_101_101;
    private const UnixFileMode Mode644 = (UnixFileMode)0b110_100_100;
    private const UnixFileMode Mode600 = (UnixFileMode)0b110_000_000;
    private const UnixFileMode Mode750 = (UnixFileMode)0b111_101_000;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [DockerFact]
    public async Task Round_trip_keeps_modes_and_content_and_never_follows_symlinks()
    {
        _dir.Write("outside-secret.txt", "HOST SECRET");
        _dir.Write("in/run.sh", "#!/bin/sh\necho run\n", Mode755);
        _dir.Write("in/notes.txt", "notes", Mode644);
        _dir.Write("in/private.key", "key", Mode600);
        _dir.Write("in/sub/deep.txt", "deep", Mode644);
        File.SetUnixFileMode(_dir.Combine("in", "sub"), Mode750);
        File.CreateSymbolicLink(_dir.Combine("in", "passwd-link"), "/etc/passwd");
        File.CreateSymbolicLink(_dir.Combine("in", "outside-link"), "../outside-secret.txt");
        File.CreateSymbolicLink(_dir.Combine("in", "inside-link"), "notes.txt");
        ContainerSpec spec = fixture.Script(
            """
            cd /workspace
            for f in run.sh notes.txt private.key sub sub/deep.txt passwd-link outside-link inside-link; do
              echo "STAT $(stat -c '%n %a %u:%g %F' $f)"
            done
            echo "READLINK $(readlink outside-link) $(readlink passwd-link)"
            cat outside-link 2>/dev/null && echo LEAKED
            echo created > made-here.txt && chmod 640 made-here.txt
            ln -s /etc/hostname escape-link
            ln made-here.txt hard-copy
            """,
            _dir) with
        {
            CopyIn = [new DirectoryCopyIn(_dir.Combine("in"), "/workspace")],
            CopyOut = [new DirectoryCopyOut("/workspace", _dir.Combine("out"))],
        };

        SandboxResult result = await fixture.RunAsync(spec);

        Assert.Equal(0, result.Run.ExitCode);
        Assert.DoesNotContain("LEAKED", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("HOST SECRET", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("STAT run.sh 755 1000:1000 regular file", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("STAT notes.txt 644 1000:1000 regular file", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("STAT private.key 600 1000:1000 regular file", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("STAT sub 750 1000:1000 directory", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("STAT passwd-link 777 1000:1000 symbolic link", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("STAT outside-link 777 1000:1000 symbolic link", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("READLINK ../outside-secret.txt /etc/passwd", result.Stdout, StringComparison.Ordinal);

        string output = _dir.Combine("out");
        Assert.Equal(Mode755, File.GetUnixFileMode(Path.Combine(output, "run.sh")));
        Assert.Equal(Mode644, File.GetUnixFileMode(Path.Combine(output, "notes.txt")));
        Assert.Equal(Mode600, File.GetUnixFileMode(Path.Combine(output, "private.key")));
        Assert.Equal(Mode750, File.GetUnixFileMode(Path.Combine(output, "sub")));
        Assert.Equal((UnixFileMode)0b110_100_000, File.GetUnixFileMode(Path.Combine(output, "made-here.txt")));
        Assert.Equal("#!/bin/sh\necho run\n", File.ReadAllText(Path.Combine(output, "run.sh")));
        Assert.Equal("deep", File.ReadAllText(Path.Combine(output, "sub", "deep.txt")));
        Assert.Equal("created\n", File.ReadAllText(Path.Combine(output, "made-here.txt")));
        Assert.Equal("/etc/passwd", new FileInfo(Path.Combine(output, "passwd-link")).LinkTarget);
        Assert.Equal("../outside-secret.txt", new FileInfo(Path.Combine(output, "outside-link")).LinkTarget);
        Assert.Equal("notes.txt", new FileInfo(Path.Combine(output, "inside-link")).LinkTarget);
        Assert.Equal("/etc/hostname", new FileInfo(Path.Combine(output, "escape-link")).LinkTarget);
        Assert.Equal("created\n", File.ReadAllText(Path.Combine(output, "hard-copy")));
        Assert.Equal(
            ["escape-link", "hard-copy", "inside-link", "made-here.txt", "notes.txt", "outside-link", "passwd-link", "private.key", "run.sh", "sub"],
            Directory.EnumerateFileSystemEntries(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [DockerFact]
    public async Task Copy_out_of_a_missing_directory_leaves_an_empty_host_directory()
    {
        _dir.Write("out/stale.txt", "from an earlier run");
        ContainerSpec spec = fixture.Script("true", _dir) with { CopyOut = [new DirectoryCopyOut("/no/such/dir", _dir.Combine("out"))] };

        SandboxResult result = await fixture.RunAsync(spec);

        Assert.Equal(0, result.Run.ExitCode);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir.Combine("out")));
    }

    [DockerFact]
    public async Task Read_only_copy_strips_write_bits_and_creates_missing_parents_owned_by_the_owner()
    {
        _dir.Write("tests/test.sh", "#!/bin/sh\n", Mode755);
        _dir.Write("tests/data.txt", "data", Mode644);
        ContainerSpec spec = fixture.Script(
            """
            echo "MODES $(stat -c '%a' /opt/grader/tests /opt/grader/tests/test.sh /opt/grader/tests/data.txt | tr '\n' ' ')"
            echo "OWNERS $(stat -c '%u:%g' /opt/grader /opt/grader/tests | tr '\n' ' ')"
            echo x > /opt/grader/tests/data.txt 2>/dev/null && echo WROTE
            echo x > /opt/grader/tests/new.txt 2>/dev/null && echo CREATED
            true
            """,
            _dir) with
        { CopyIn = [new DirectoryCopyIn(_dir.Combine("tests"), "/opt/grader/tests", Owner: "1000:1000", ReadOnly: true)] };

        SandboxResult result = await fixture.RunAsync(spec);

        Assert.Contains("OWNERS 1000:1000 1000:1000", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("MODES 555 555 444", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("WROTE", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("CREATED", result.Stdout, StringComparison.Ordinal);
    }
}
