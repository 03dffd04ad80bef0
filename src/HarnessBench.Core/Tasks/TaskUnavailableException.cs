namespace HarnessBench.Core.Tasks;

/// <summary>
/// The task cannot run on this machine: its own image (environment/Dockerfile or combined toolchains)
/// could not be built, for example because the package index it installs from is unreachable here.
/// Its cells are stored as <c>error: task-unavailable</c> with this message (the build is tried once
/// per process), the other cells run, and <c>tasks validate</c> reports the task as unavailable,
/// not invalid.
/// </summary>
public sealed class TaskUnavailableException : Exception
{
    public TaskUnavailableException()
    {
    }

    public TaskUnavailableException(string message)
        : base(message)
    {
    }

    public TaskUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
