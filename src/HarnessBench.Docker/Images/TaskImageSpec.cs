using HarnessBench.Core.Tasks;

namespace HarnessBench.Docker.Images;

/// <summary>
/// What a task's own image is made of: its toolchains (combined in order when there are several) and
/// its environment folder (environment/Dockerfile and its build context), if any.
/// </summary>
/// <param name="TaskId">The task id (the image is hbench/task-&lt;id&gt;).</param>
/// <param name="Toolchains">The toolchain images, in order; "base" alone is allowed under an environment.</param>
/// <param name="EnvironmentDirectory">The folder holding the environment's Dockerfile, or null for combined toolchains only.</param>
internal sealed record TaskImageSpec(string TaskId, IReadOnlyList<string> Toolchains, string? EnvironmentDirectory)
{
    public static TaskImageSpec From(TaskDefinition task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return new TaskImageSpec(task.Id, task.Toolchains, task.HasEnvironment ? task.EnvironmentDirectory : null);
    }
}

/// <summary>An image by catalog-style name, full content hash and tag (hbench/&lt;name&gt;:&lt;12 hex&gt;).</summary>
internal sealed record HashedImage(string Name, string Hash, string Tag)
{
    public static HashedImage Of(string name, string hash) => new(name, hash, ImageTags.Tag(name, hash));
}
