namespace HarnessBench.Docker.Tests.Infrastructure;

/// <summary>
/// A clock that only moves when told to (thread-safe). Its timers, as used by
/// <c>new CancellationTokenSource(delay, clock)</c> and <c>Task.Delay(delay, clock)</c>, fire when
/// <see cref="Advance"/> moves the time past their due time, so a test decides when a timeout
/// elapses (e.g. only once the process under test is ready) instead of racing the real clock.
/// </summary>
internal sealed class ManualClock : TimeProvider
{
    private static readonly DateTimeOffset Epoch = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private readonly Lock _gate = new();
    private readonly List<Timer> _timers = [];
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        lock (_gate) return _ticks;
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return Epoch + TimeSpan.FromTicks(_ticks);
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the time on and runs the callbacks of the timers that became due (on the caller's thread).</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        List<Timer> due;
        lock (_gate)
        {
            _ticks += by.Ticks;
            due = [.. _timers.Where(t => t.DueAt <= _ticks)];
            foreach (var timer in due)
            {
                if (timer.Period is { } period)
                {
                    timer.DueAt = _ticks + period;
                }
                else
                {
                    _timers.Remove(timer);
                }
            }
        }

        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    private sealed class Timer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        public long DueAt { get; set; }

        public long? Period { get; private set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                clock._timers.Remove(this);
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    return true;
                }

                if (dueTime == TimeSpan.Zero && (period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero))
                {
                    ThreadPool.QueueUserWorkItem(_ => Fire()); // due now, as a real timer would be
                    return true;
                }

                DueAt = clock._ticks + dueTime.Ticks;
                Period = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? null : period.Ticks;
                clock._timers.Add(this);
                return true;
            }
        }

        public void Dispose()
        {
            lock (clock._gate) clock._timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
