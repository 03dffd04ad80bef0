namespace HarnessBench.Core.Audit;

/// <summary>
/// What the scanner knows about the cell it scans: where the agent worked, where grader-like
/// files were (decoys, legacy layout), the cell's canary and the task prompt (grader words in the
/// prompt are not the agent's doing).
/// </summary>
/// <param name="WorkspacePath">The agent's working directory in the container (e.g. /workspace); its own files are not grader files.</param>
/// <param name="GraderPaths">Absolute container paths of grader-like files and directories (decoys, or the real task folder in legacy layout).</param>
/// <param name="Canary">The cell's secret canary token, or null when decoys were off.</param>
/// <param name="TaskPrompt">The prompt the agent was given.</param>
/// <param name="ProvidedTests">Workspace-relative paths of test files the task ships in the seed workspace (editing them is TAMPER).</param>
public sealed record AuditContext(
    string WorkspacePath,
    IReadOnlyList<string> GraderPaths,
    string? Canary,
    string TaskPrompt,
    IReadOnlyList<string> ProvidedTests);
