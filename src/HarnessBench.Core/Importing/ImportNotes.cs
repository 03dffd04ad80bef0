using System.Text;

namespace HarnessBench.Core.Importing;

/// <summary>IMPORT.md: where the task came from (source, commit, license) and every adaptation the import made.</summary>
internal static class ImportNotes
{
    public static string Render(SourceTask source, MappedTask task, Provenance provenance)
    {
        var plan = task.Environment;
        var md = new StringBuilder();
        md.AppendLine($"<!-- hbench-canary: {ImportWriter.CanaryLine} -->");
        md.AppendLine($"# Imported task `{task.Id}`");
        md.AppendLine();
        md.AppendLine($"- **Source**: the {(source.Format == HarborReader.Format ? "Harbor" : "Terminal-Bench v1")} task `{source.Id}`"
            + (provenance.Repository is { } repo ? $" from `{repo}`" : "") + (provenance.Commit is { } commit ? $", commit `{commit}`" : ", commit unknown") + ".");
        md.AppendLine($"- **License**: {provenance.License ?? "not found next to the source: check the source's license before sharing this folder"}. This folder is a derived work of that task; keep this notice with it.");
        md.AppendLine("- Imported mechanically by `hbench tasks import`; the original tests are unchanged under `tests/original/`.");
        md.AppendLine();
        md.AppendLine("## Environment");
        md.AppendLine();
        md.AppendLine($"- Toolchain(s): {string.Join(" + ", plan.Toolchains)}" + (plan.Toolchains.Count > 1 ? " (combined into one image, in that order)." : "."));
        md.AppendLine($"- The working directory `{plan.Workdir}` is the agent's `/workspace`: environment/Dockerfile makes `{plan.Workdir}` a symlink to it, so the prompt's and the tests' paths work in the agent's and the grader's containers alike.");
        md.AppendLine("- Files the Dockerfile copied into the working directory are the seed workspace (`workspace/`); build steps that only set modes or make folders there were applied to the seed.");
        if (plan.Steps.Any(s => s.TouchesWorkdir))
            md.AppendLine("- Build steps that write into the working directory (compiling, generating files) stay in environment/Dockerfile: their outputs are in the image's /workspace, under the seed. A file the agent deletes there is back for the grader (the image has it).");
        if (plan.AptPackages.Count > 0) md.AppendLine($"- Debian packages installed at build time: {string.Join(", ", plan.AptPackages)}.");
        if (plan.PythonPackages.Count > 0)
        {
            md.AppendLine($"- Python packages installed at build time: {string.Join(", ", plan.PythonPackages.Select(p => $"{p} -> {PythonPackages.DebianPackage(p) ?? "(no Debian package: the Python package index)"}"))}. Debian's versions are used where they exist, not the pinned ones.");
            if (task.NeedsIndex.Count > 0)
                md.AppendLine($"- **Needs the Python package index** for {string.Join(", ", task.NeedsIndex)}: where it is unreachable the image cannot be built and the task's cells are `error: task-unavailable` with that reason.");
        }
        foreach (var note in plan.Notes) md.AppendLine($"- {note}");
        md.AppendLine();
        md.AppendLine("## Grading");
        md.AppendLine();
        if (task.RewardMode)
        {
            md.AppendLine($"- {source.TestScriptName} runs as uid 1000 in a fresh grader container (installers moved to build time); the reward it writes to `/logs/verifier/reward.txt` (or `reward.json`) is the one check: 1 passes.");
        }
        else
        {
            md.AppendLine($"- The driver (`tests/grade.py`, root) lays the original tests out at `/tests` (read-only), runs them with the image's pytest (Debian's python3-pytest; nothing is installed at grading time) as **uid 1000** with `{string.Join(' ', task.PytestArguments)}`, and records one check per test function: **{task.Expected.Count} checks** ({string.Join(", ", task.Expected.Select(e => $"`{e}`"))}). A parametrized function passes when all its cases pass; a skipped or missing test fails.");
            if (task.PreSteps is { } pre) md.AppendLine($"- Steps of {source.TestScriptName} kept before the tests (uid 1000): `{pre.Replace("\n", "; ", StringComparison.Ordinal)}`.");
        }
        md.AppendLine("- Graded workspace: the seed with the agent's whole final workspace laid over it (`surface: [\"**\"]`); symlinks the agent made are not taken.");
        md.AppendLine("- **Weaker guarantee than the house convention**: the task's tests import and run the agent's programs in the same uid-1000 process, so code written against these particular tests could forge their outcomes. Planted or replayed reports are refused (a fresh report folder and a per-run nonce), the code-level tamper audit still reads every file the agent changed, and the agent never sees the tests; but the verdict is the tests' own, as in the source format.");
        md.AppendLine($"- Timeouts: agent {task.AgentTimeoutSeconds} s (the source's), tests {task.TestTimeoutSeconds} s, grader container {task.GraderTimeoutSeconds} s.");
        md.AppendLine("- No `wrong/` solution: imported tasks are validated with the oracle (must pass), nop (must fail) and the hack gate.");
        md.AppendLine();
        md.AppendLine("## Reference solution");
        md.AppendLine();
        md.AppendLine($"- `solution/solve.sh` is {source.SolutionName}{(source.SolutionName == "solution.yaml" ? " (keystrokes turned into one line per command)" : "")}, with run-time installers removed (moved to build time) and `uv run X` as `python3 X`; it runs as uid 1000 in the workspace, offline.");
        if (source.SolutionFiles.Count > 0) md.AppendLine("- The files next to solve.sh are unpacked to `/tmp/hb-solution` (uid 1000 cannot create `/solution`) and solve.sh's `/solution` paths point there.");
        if (task.Notes.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Other notes");
            md.AppendLine();
            foreach (var note in task.Notes.Distinct(StringComparer.Ordinal)) md.AppendLine($"- {note}");
        }
        return md.ToString();
    }
}
