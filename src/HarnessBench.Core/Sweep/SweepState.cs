using HarnessBench.Core.Results;

namespace HarnessBench.Core.Sweep;

/// <summary>Counters of a running sweep; callers serialize access (the runner's observer lock).</summary>
internal sealed class SweepState(int total, int maxConsecutiveInfraErrors)
{
    private readonly Dictionary<ErrorKind, int> _errors = [];
    private int _started;
    private int _finished;
    private int _passed;
    private int _failed;
    private int _consecutiveInfra;

    /// <summary>Set once infra errors in a row reach the limit; the sweep then stops.</summary>
    public string? AbortReason { get; private set; }

    /// <summary>Cells that still have no result from this session, or were interrupted.</summary>
    public bool Unfinished => _finished < total || _errors.ContainsKey(ErrorKind.Interrupted);

    public SweepProgress Progress() => new(total, _started, _finished, _passed, _failed, _errors.Values.Sum());

    public SweepProgress CellStarted()
    {
        _started++;
        return Progress();
    }

    public SweepProgress CellFinished(CellResult result)
    {
        _finished++;
        switch (result.Verdict)
        {
            case Verdict.Pass: _passed++; break;
            case Verdict.Fail: _failed++; break;
            default:
                var kind = result.ErrorKind ?? ErrorKind.Infra;
                _errors[kind] = _errors.GetValueOrDefault(kind) + 1;
                break;
        }
        if (result.ErrorKind == ErrorKind.Infra)
        {
            _consecutiveInfra++;
            if (_consecutiveInfra >= maxConsecutiveInfraErrors && AbortReason is null)
            {
                AbortReason = $"{_consecutiveInfra} cells in a row failed with infrastructure errors, so the sweep stopped. " +
                    $"Fix the cause, then run the same command again to resume (add --rerun-errors to retry those cells). Last error: {result.ErrorMessage}";
            }
        }
        else if (result.ErrorKind != ErrorKind.Interrupted)
        {
            _consecutiveInfra = 0;
        }
        return Progress();
    }

    public SweepSummary Summary(SweepStatus status, int planned, ResumePlan resume, TimeSpan elapsed, string? message) =>
        new(status, planned, resume.Count(CellAction.Skip), _finished, _passed, _failed, new Dictionary<ErrorKind, int>(_errors), elapsed, message);
}
