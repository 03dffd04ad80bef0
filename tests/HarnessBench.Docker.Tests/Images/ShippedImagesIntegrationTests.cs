using HarnessBench.Docker.Images;

namespace HarnessBench.Docker.Tests.Images;

/// <summary>Every shipped image, built for real: toolchains work, the sandbox basics are there.</summary>
[Collection(DockerImagesGroup.Name)]
public sealed class ShippedImagesIntegrationTests(ImagesFixture fixture)
{
    private static readonly string[] Shipped = ["base", "python", "torch", "c-cpp", "rust", "node", "sql"];

    public static TheoryData<string> AllImages => [.. Shipped];

    [DockerFact]
    public async Task Every_catalog_image_is_present_after_the_build()
    {
        var statuses = await fixture.Pipeline.GetStatusAsync(CancellationToken.None);

        // On-demand layers (aider) are built when a cell needs them, not by `images build`.
        Assert.Contains(statuses, s => s.Name == "aider" && s.OnDemand);
        Assert.All(statuses.Where(s => !s.OnDemand), s =>
        {
            Assert.Equal(ImageState.Present, s.State);
            Assert.StartsWith("sha256:", s.Id, StringComparison.Ordinal);
            Assert.True(s.SizeBytes > 0);
        });
        Assert.Superset(Shipped.ToHashSet(), statuses.Select(s => s.Name).ToHashSet());
    }

    [DockerTheory]
    [MemberData(nameof(AllImages))]
    public async Task Image_has_socat_the_agent_user_a_workspace_no_apt_lists_and_the_host_CAs(string name)
    {
        var hostCas = Directory.Exists(ImageHostInputs.DefaultExtraCaDirectory)
            ? Directory.GetFiles(ImageHostInputs.DefaultExtraCaDirectory, "*.crt", SearchOption.AllDirectories).Select(Path.GetFileName).ToList()
            : [];
        var script = string.Join(" && ",
            "command -v socat",
            "test \"$(id -u):$(id -g)\" = 1000:1000",
            "getent passwd 1000 | grep -q '^agent:x:1000:1000:.*:/home/agent:'",
            "test -O /workspace && test -w /workspace && test -w /home/agent",
            "test -z \"$(ls /var/lib/apt/lists | grep -v -e '^partial$' -e '^lock$')\"",
            "ls /usr/local/share/ca-certificates/",
            "echo ALL-OK");

        var (exit, output) = await ImagesFixture.RunAsync(fixture.Pipeline.ResolveTag(name), script);

        Assert.True(exit == 0, output);
        Assert.Contains("ALL-OK", output, StringComparison.Ordinal);
        Assert.All(hostCas, ca => Assert.Contains(ca!, output, StringComparison.Ordinal));
    }

    [DockerTheory]
    [InlineData("python", "python3 -c 'import numpy, pytest; print(\"versions\", numpy.__version__, pytest.__version__)'")]
    [InlineData("torch", "python3 -c 'import torch, numpy, pytest; print(\"versions\", torch.__version__, float(torch.ones(3).sum()))'")]
    [InlineData("c-cpp", "gcc --version && g++ --version && cmake --version && make --version && cd /tmp && printf 'int main(void){return 0;}' > a.c && gcc a.c -o a && ./a && printf '#include <vector>\\nint main(){std::vector<int> v{1};return v[0]-1;}' > b.cpp && g++ b.cpp -o b && ./b && echo versions")]
    [InlineData("rust", "rustc --version && cargo --version && cd /tmp && cargo new --lib probe -q && cd probe && cargo test -q --offline && echo versions")]
    [InlineData("node", "node -e 'const major = Number(process.versions.node.split(\".\")[0]); if (major < 22) process.exit(1)' && node --version && npm --version && npx --version && echo versions")]
    [InlineData("sql", "sqlite3 --version && echo 'select 6*7;' | sqlite3 && python3 -c 'import sqlite3' && echo versions")]
    public async Task Toolchain_works_offline_as_the_agent_user(string name, string script)
    {
        var (exit, output) = await ImagesFixture.RunAsync(fixture.Pipeline.ResolveTag(name), script);

        Assert.True(exit == 0, $"{name}: exit {exit}{Environment.NewLine}{output}");
        Assert.Contains("versions", output, StringComparison.Ordinal);
    }
}
