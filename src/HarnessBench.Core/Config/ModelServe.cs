namespace HarnessBench.Core.Config;

/// <summary>
/// A model server the sweep manages (`serve:` on an endpoint model): started before the model's
/// first cell, polled on <see cref="ReadyUrl"/> until it answers, stopped after its last cell.
/// Part of the cell definition: a different command line (quantization, flags) is a different cell.
/// </summary>
/// <param name="Command">argv; a command written as one string runs as ["/bin/sh", "-c", text].</param>
/// <param name="ReadyUrl">Polled until it answers with a status below 500.</param>
/// <param name="StartupTimeout">How long the server may take to become ready.</param>
/// <param name="StopSignal">SIGTERM, SIGINT or SIGKILL: sent to the server's process group to stop it.</param>
/// <param name="Environment">Variables set on top of hbench's environment.</param>
/// <param name="WorkingDirectory">Absolute directory the command runs in, or null for the current one.</param>
public sealed record ModelServe(
    IReadOnlyList<string> Command,
    Uri ReadyUrl,
    TimeSpan StartupTimeout,
    string StopSignal,
    IReadOnlyDictionary<string, string> Environment,
    string? WorkingDirectory)
{
    public static TimeSpan DefaultStartupTimeout { get; } = TimeSpan.FromMinutes(10);

    public static IReadOnlyList<string> Signals { get; } = ["SIGTERM", "SIGINT", "SIGKILL"];
}
