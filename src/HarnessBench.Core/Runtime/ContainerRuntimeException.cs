namespace HarnessBench.Core.Runtime;

/// <summary>
/// Broken infrastructure (engine down, permission denied, image missing). The message says
/// what happened, then how to fix it, then details.
/// </summary>
public sealed class ContainerRuntimeException : Exception
{
    public ContainerRuntimeException(string message) : base(message) { }

    public ContainerRuntimeException(string message, Exception inner) : base(message, inner) { }

    public ContainerRuntimeException() { }
}
