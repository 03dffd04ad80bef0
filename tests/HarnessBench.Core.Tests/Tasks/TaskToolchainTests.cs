using HarnessBench.Core.Tasks;

namespace HarnessBench.Core.Tests.Tasks;

/// <summary>task.yaml toolchain: only toolchains; a list combines them; base only under an environment that brings python3.</summary>
public sealed class TaskToolchainTests : IDisposable
{
    private static readonly IReadOnlySet<string> Toolchains = new HashSet<string>(StringComparer.Ordinal) { "python", "c-cpp", "node" };
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private TaskLoadResult Load(string toolchain, bool environment = false)
    {
        _temp.Write("tasks/t/task.yaml", $"id: t\ntitle: T\nlanguage: c\ndifficulty: easy\ncategory: x\ntoolchain: {toolchain}\nchecks: 1\nsurface: [a.c]\nprompt: do it\n");
        _temp.Write("tasks/t/tests/test.sh", "true\n");
        _temp.Write("tasks/t/solution/a.c", "int main(){}\n");
        if (environment) _temp.Write("tasks/t/environment/Dockerfile", "ARG BASE\nFROM ${BASE}\nRUN apt-get update && apt-get install -y python3\n");
        return TaskRepository.Load(_temp.Combine("tasks"), Toolchains);
    }

    [Fact]
    public void A_list_of_toolchains_is_combined()
    {
        var load = Load("[python, c-cpp]");
        var task = Assert.Single(load.Tasks);
        Assert.Equal("python+c-cpp", task.Toolchain);
        Assert.Equal(["python", "c-cpp"], task.Toolchains);
        Assert.True(task.HasOwnImage && !task.HasEnvironment);
    }

    [Theory]
    [InlineData("agents", "unknown toolchain 'agents'")]
    [InlineData("aider", "unknown toolchain 'aider'")]
    [InlineData("base", "'base' is not a toolchain")]
    [InlineData("[python, python]", "toolchain 'python' is listed twice")]
    public void Images_that_are_not_toolchains_are_refused_where_they_are_written(string toolchain, string message)
    {
        var load = Load(toolchain);
        var error = Assert.Single(load.Errors);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(6, error.Location.Line);
    }

    [Fact]
    public void Base_is_accepted_under_an_environment_whose_build_must_install_python3()
    {
        var task = Assert.Single(Load("base", environment: true).Tasks);
        Assert.True(task.HasEnvironment && task.HasOwnImage);
        Assert.Equal("base", task.Toolchain);
    }

    [Fact]
    public void The_environment_is_part_of_the_task_content_hash()
    {
        var before = Assert.Single(Load("python", environment: true).Tasks).ContentHash;
        _temp.Write("tasks/t/environment/Dockerfile", "ARG BASE\nFROM ${BASE}\nRUN true\n");
        Assert.NotEqual(before, Assert.Single(TaskRepository.Load(_temp.Combine("tasks"), Toolchains).Tasks).ContentHash);
    }
}
