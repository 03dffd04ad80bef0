using HarnessBench.Core.Audit;
using HarnessBench.Core.Config;
using HarnessBench.Core.Harnesses;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Planning;
using HarnessBench.Core.Results;
using HarnessBench.Core.Runtime;
using HarnessBench.Core.Tasks;
using HarnessBench.Core.Validation;

namespace HarnessBench.Gateway.Tests.RedTeam;

/// <summary>
/// The red-team suite: every attack of <see cref="RedTeamAttacks"/> through the real pipeline (agent
/// container, privilege-separated grader container, audit) on the shipped tasks. Each must end
/// <c>fail</c> and be audited <c>tamper</c>: the agent's code never decides its own verdict.
/// </summary>
public sealed class RedTeamTests
{
    [DockerFact]
    public async Task Every_attack_fails_and_is_audited_tamper()
    {
        var attacks = RedTeamAttacks.All;
        Assert.True(attacks.Count >= 30, $"the suite has {attacks.Count} attacks");
        Assert.Equal(["bash", "c", "cpp", "javascript", "python", "pytorch", "rust", "sql"], attacks.Select(a => a.Language).Distinct().Order(StringComparer.Ordinal));
        Assert.Subset(attacks.Select(a => a.Class).ToHashSet(),
            new HashSet<string> { "exit at load", "exit handler", "constructor", "static initializer", "init section", "signal to the parent", "framework patch", "evidence forgery", "build configuration" });

        await using var e2e = await EndToEndStack.StartAsync(gateway: false, owner: "redteam");
        var tasks = TaskRepository.Load(Path.Combine(e2e.Repo, "tasks")).Tasks.ToDictionary(t => t.Id, StringComparer.Ordinal);
        var dir = e2e.Directory;
        var registry = HarnessRegistry.CreateWithBuiltIns();
        foreach (var attack in attacks)
            registry = registry.Add(BuiltInHarnesses.Hack(new HackAttempt(attack.Name, attack.Class, t => t.Id == attack.Task ? attack.Files(t) : null), dir.Combine("staging")));
        var pipeline = e2e.Pipeline(e2e.ToolchainImages(), registry);
        var run = new RunContext("redteam", "s1", dir.Combine("run"));

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        using var slots = new SemaphoreSlim(2);
        var results = await Task.WhenAll(attacks.Select(async attack =>
        {
            await slots.WaitAsync(timeout.Token);
            try
            {
                var task = tasks[attack.Task];
                var harness = "hack-" + attack.Name;
                var cell = new Cell(CellId.Create("none", harness, task.Id, 1), ModelSpec.None, harness, null, task, 1,
                    new CellTimeouts(TimeSpan.FromMinutes(2), task.GraderTimeout ?? TimeSpan.FromMinutes(2)), SandboxLimits.Default, "sha256:redteam");
                return (attack, result: await pipeline.RunAsync(CellWork.Create(cell, run), timeout.Token));
            }
            finally
            {
                slots.Release();
            }
        }));

        var escaped = results
            .Where(r => r.result.Verdict != Verdict.Fail || r.result.Audit?.Severity != AuditSeverity.Tamper)
            .Select(r => $"{r.attack.Task}/{r.attack.Name}: {r.result.Verdict} {r.result.ErrorKind} {r.result.ErrorMessage ?? r.result.FailReason}; audit {r.result.Audit?.Severity}: "
                + string.Join(" | ", r.result.Audit?.Findings.Select(f => f.Snippet) ?? []))
            .ToList();
        Assert.True(escaped.Count == 0, $"{escaped.Count} of {attacks.Count} attacks were not fail + tamper:\n" + string.Join("\n", escaped));
        // The evidence is the driver's: every attack was graded (the driver ran, recorded checks) or failed the workspace limits.
        Assert.All(results, r => Assert.True(r.result.Checks is not null, $"{r.attack.Name} was not graded"));
    }
}
