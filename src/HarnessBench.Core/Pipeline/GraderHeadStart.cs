using HarnessBench.Core.Runtime;

namespace HarnessBench.Core.Pipeline;

/// <summary>
/// The grader's container being prepared while the agent runs (<see cref="IGrader.Prepare"/>). The cell
/// waits for it only when it grades; whatever happens to the cell, disposing it waits for the preparation
/// to end and removes an unused container, so nothing outlives the cell.
/// </summary>
public sealed class GraderHeadStart : IAsyncDisposable
{
    private readonly Task<PreparedGrader?> _preparing;

    public GraderHeadStart(Task<PreparedGrader?> preparing) => _preparing = preparing;

    /// <summary>Nothing was prepared (the grader cannot run, or there is no grader): grading says why.</summary>
    public static GraderHeadStart None { get; } = new(Task.FromResult<PreparedGrader?>(null));

    /// <summary>The prepared container; rethrows what made its preparation fail (image, engine, cancellation).</summary>
    public Task<PreparedGrader?> ReadyAsync() => _preparing;

    public async ValueTask DisposeAsync()
    {
        PreparedGrader? prepared;
        try
        {
            prepared = await _preparing;
        }
#pragma warning disable CA1031 // A preparation that failed left nothing to remove; the cell's outcome was decided elsewhere.
        catch (Exception)
#pragma warning restore CA1031
        {
            return;
        }

        if (prepared is not null) await prepared.Container.DisposeAsync();
    }
}

/// <summary>The grader's image and its prepared container.</summary>
public sealed record PreparedGrader(string Image, IPreparedContainer Container);
