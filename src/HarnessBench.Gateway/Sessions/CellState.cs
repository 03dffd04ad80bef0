using HarnessBench.Gateway.Http;
using HarnessBench.Gateway.Metering;

namespace HarnessBench.Gateway.Sessions;

/// <summary>An open cell: its backend, meter and transcript. Lives from Open to Close.</summary>
internal sealed class CellState(CellModelSession session, IModelBackend backend, TranscriptWriter? transcript) : IDisposable
{
    public CellModelSession Session => session;

    public IModelBackend Backend => backend;

    public CellMeter Meter { get; } = new();

    public TranscriptWriter? Transcript => transcript;

    public void Dispose() => transcript?.Dispose();
}
