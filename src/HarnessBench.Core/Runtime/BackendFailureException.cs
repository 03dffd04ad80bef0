namespace HarnessBench.Core.Runtime;

/// <summary>
/// The execution backend lost the container's job rather than the container failing by itself: a
/// scheduler that rejected or failed the task, a node that went down, a job that vanished. The cell
/// becomes <c>error: backend-error</c>, never a fail, and resume reruns it; other cells go on.
/// </summary>
public sealed class BackendFailureException : Exception
{
    public BackendFailureException(string message) : base(message) { }

    public BackendFailureException(string message, Exception inner) : base(message, inner) { }

    public BackendFailureException() { }
}
