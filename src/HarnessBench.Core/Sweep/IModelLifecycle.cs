using HarnessBench.Core.Config;

namespace HarnessBench.Core.Sweep;

/// <summary>
/// Brings a model up before its cells run and down after them (e.g. a llama-server process).
/// The sweep runs models one after another, so at most one is up at a time.
/// </summary>
public interface IModelLifecycle
{
    /// <summary>Called before the model's first cell; throwing stops the sweep.</summary>
    Task StartAsync(ModelSpec model, CancellationToken cancellationToken);

    /// <summary>Called after the model's last cell, also when the sweep was cancelled.</summary>
    Task StopAsync(ModelSpec model, CancellationToken cancellationToken);
}

/// <summary>For models that need no process of their own (scripted models, remote endpoints).</summary>
public sealed class NoopModelLifecycle : IModelLifecycle
{
    public Task StartAsync(ModelSpec model, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(ModelSpec model, CancellationToken cancellationToken) => Task.CompletedTask;
}
