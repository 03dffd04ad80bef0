namespace HarnessBench.Core.Harnesses;

/// <summary>
/// A harness the program itself plays from the host (it talks to the model through the cell's
/// gateway session) instead of a CLI in the agent container. The pipeline's agent stage routes
/// cells of such harnesses to their in-process runner.
/// </summary>
public interface IInProcessAgent : IHarness;

/// <summary>
/// <c>bare</c>: the no-harness baseline. A minimal tool-calling loop (read_file, write_file,
/// run_command, search_code) whose tools run in the same sandboxed agent container as any harness.
/// </summary>
public sealed class BareHarness : IInProcessAgent
{
    public const string HarnessName = "bare";

    public string Name => HarnessName;

    public string? Version => null;

    public HarnessInvocation CreateInvocation(HarnessContext context) =>
        throw new InvalidOperationException("the bare harness runs in-process; its cells go to the bare agent runner, not to a container command");
}

/// <summary>
/// <c>single-shot</c>: the pseudo-harness of single-shot tasks. The prompt goes to the model once,
/// without tools; the code in the reply is written to the task's answer file. The planner puts every
/// single-shot task under it (once per model) whatever model-driven harnesses the bench lists.
/// </summary>
public sealed class SingleShotHarness : IInProcessAgent
{
    public const string HarnessName = "single-shot";

    public string Name => HarnessName;

    public string? Version => null;

    public HarnessInvocation CreateInvocation(HarnessContext context) =>
        throw new InvalidOperationException("single-shot cells are answered in-process; they have no container command");
}

/// <summary>
/// Built-in harnesses that apply a fixed workspace change without any model (oracle, nop, wrong).
/// They run single-shot tasks as they are, which is what task validation needs.
/// </summary>
public interface IReferenceHarness : IHarness;
