namespace HarnessBench.Core.Harnesses;

/// <summary>A harness whose software lives in a harness image layer combined with the task's toolchain image.</summary>
public interface ILayeredHarness : IHarness
{
    /// <summary>The image (a directory under containers/) whose /opt/hbench tree the agent image gets.</summary>
    string ImageLayer { get; }
}
