namespace HarnessBench.Docker.Images;

/// <summary>
/// The image catalog is invalid or an image could not be built. The message says what happened,
/// how to fix it, then details.
/// </summary>
internal sealed class ImageBuildException : Exception
{
    public ImageBuildException() { }

    public ImageBuildException(string message) : base(message) { }

    public ImageBuildException(string message, Exception? innerException) : base(message, innerException) { }
}
