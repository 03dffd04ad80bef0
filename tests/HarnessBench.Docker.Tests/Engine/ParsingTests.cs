namespace HarnessBench.Docker.Tests.Engine;

public sealed class ParsingTests
{
    [Theory]
    [InlineData(null, "unix:///var/run/docker.sock")]
    [InlineData("", "unix:///var/run/docker.sock")]
    [InlineData("unix:///run/user/1000/docker.sock", "unix:///run/user/1000/docker.sock")]
    [InlineData("tcp://127.0.0.1:2375", "tcp://127.0.0.1:2375")]
    [InlineData("tcp://docker.internal", "tcp://docker.internal:2375")]
    public void Docker_host_values_are_parsed(string? value, string expected)
    {
        Assert.Equal(expected, DockerEndpoint.Parse(value).ToString());
    }

    [Theory]
    [InlineData("npipe:////./pipe/docker_engine")]
    [InlineData("ssh://user@host")]
    [InlineData("unix://relative.sock")]
    public void Unsupported_docker_host_values_say_what_to_use(string value)
    {
        var error = Assert.Throws<DockerException>(() => DockerEndpoint.Parse(value));
        Assert.Contains("DOCKER_HOST", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Engine_times_with_nanoseconds_parse_and_the_zero_time_means_never()
    {
        DateTimeOffset? time = DockerClient.ParseTime("2024-05-01T10:20:30.123456789Z");

        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 20, 30, TimeSpan.Zero).AddTicks(1234567), time);
        Assert.Null(DockerClient.ParseTime("0001-01-01T00:00:00Z"));
        Assert.Null(DockerClient.ParseTime(null));
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 8, 0, 0, TimeSpan.Zero), DockerClient.ParseTime("2024-05-01T10:00:00+02:00"));
    }

    [Theory]
    [InlineData("hbench/base:abc", "hbench/base", "abc")]
    [InlineData("hbench/base", "hbench/base", null)]
    [InlineData("localhost:5000/x/y:1", "localhost:5000/x/y", "1")]
    [InlineData("localhost:5000/x", "localhost:5000/x", null)]
    public void References_split_into_repository_and_tag(string reference, string repository, string? tag)
    {
        Assert.Equal((repository, tag), DockerClient.SplitReference(reference));
    }
}
