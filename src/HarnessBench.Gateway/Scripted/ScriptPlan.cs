using HarnessBench.Gateway.Sessions;

namespace HarnessBench.Gateway.Scripted;

/// <summary>An action the model takes in one turn (a tool call or an endpoint failure).</summary>
internal sealed record ScriptAction(StepKind Kind, string? Command = null, string? Path = null, string? Content = null, int Status = 0);

/// <summary>One model turn: optional text, then at most one action.</summary>
internal sealed record ScriptTurn(string? Say, ScriptAction? Action);

/// <summary>
/// A script with its templates expanded for one cell: turn N answers the request that already
/// holds N assistant messages; past the last turn the model says <see cref="FinalText"/>.
/// </summary>
internal sealed partial record ScriptPlan(IReadOnlyList<ScriptTurn> Turns, string FinalText, double TokensPerSecond)
{
    /// <summary>See <see cref="Script.FillMaxTokens"/>.</summary>
    public bool FillMaxTokens { get; init; }

    /// <summary>See <see cref="Script.PrefillTokensPerSecond"/>.</summary>
    public double PrefillTokensPerSecond { get; init; }

    /// <summary>The template that expands to one write per file of the task's reference solution.</summary>
    public const string SolutionFiles = "{{solution_files}}";

    public static ScriptPlan Create(Script script, CellContext cell)
    {
        var turns = new List<ScriptTurn>();
        var said = new List<string>();
        void Act(ScriptAction action)
        {
            turns.Add(new ScriptTurn(said.Count == 0 ? null : string.Join("\n", said), action));
            said.Clear();
        }

        foreach (ScriptStep step in script.Steps)
        {
            switch (step.Kind)
            {
                case StepKind.Say:
                    said.Add(Expand(step.Text!, cell));
                    break;
                case StepKind.Write when step.Path == SolutionFiles:
                    foreach ((string path, string content, bool executable) in SolutionFilesOf(cell))
                    {
                        string target = Absolute(script.Workdir, path);
                        Act(new ScriptAction(StepKind.Write, Path: target, Content: content));
                        if (executable)
                        {
                            // Write tools cannot set modes; scripts like rotate.sh must stay executable.
                            Act(new ScriptAction(StepKind.Shell, Command: $"chmod +x '{target}'"));
                        }
                    }

                    break;
                case StepKind.Write:
                    Act(new ScriptAction(StepKind.Write, Path: Absolute(script.Workdir, Expand(step.Path!, cell)), Content: Expand(step.Content ?? "", cell)));
                    break;
                case StepKind.Read:
                    Act(new ScriptAction(StepKind.Read, Path: Absolute(script.Workdir, Expand(step.Path!, cell))));
                    break;
                case StepKind.Shell:
                    Act(new ScriptAction(StepKind.Shell, Command: Expand(step.Text!, cell)));
                    break;
                case StepKind.Fail:
                    Act(new ScriptAction(StepKind.Fail, Status: step.Status));
                    break;
            }
        }

        return new ScriptPlan(turns, said.Count == 0 ? "done" : string.Join("\n", said), script.TokensPerSecond)
        {
            FillMaxTokens = script.FillMaxTokens,
            PrefillTokensPerSecond = script.PrefillTokensPerSecond,
        };
    }

    public ScriptTurn TurnAt(int index) => index < Turns.Count ? Turns[index] : new ScriptTurn(FinalText, null);

    private static string Expand(string text, CellContext cell) => SolutionFileTemplate().Replace(text
        .Replace("{{task.id}}", cell.TaskId, StringComparison.Ordinal)
        .Replace("{{task.prompt}}", cell.TaskPrompt, StringComparison.Ordinal), m => SolutionFile(cell, m.Groups["name"].Success ? m.Groups["name"].Value : null));

    /// <summary>
    /// {{solution_file:NAME}}: the text of solution/NAME; {{solution_file}}: the text of the only file
    /// in solution/ (single-shot tasks). Verbatim, unfenced: what a single-shot reply made of bare code looks like.
    /// </summary>
    private static string SolutionFile(CellContext cell, string? name)
    {
        if (cell.SolutionDirectory is not { } dir || !Directory.Exists(dir))
        {
            return "(scripted model: the task has no solution/)";
        }

        string root = Path.GetFullPath(dir);
        if (name is null)
        {
            string[] files = Directory.GetFiles(root, "*", SearchOption.AllDirectories);
            return files.Length == 1 ? File.ReadAllText(files[0])
                : $"(scripted model: {{{{solution_file}}}} needs exactly one file in solution/, found {files.Length}; name one with {{{{solution_file:NAME}}}})";
        }

        string path = Path.GetFullPath(Path.Combine(root, name));
        return path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(path)
            ? File.ReadAllText(path)
            : $"(scripted model: no solution/{name})";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\{\{solution_file(?::(?<name>[^}]+))?\}\}")]
    private static partial System.Text.RegularExpressions.Regex SolutionFileTemplate();

    /// <summary>Relative paths (and ../ escapes, which peeking scripts use on purpose) are joined to the workdir.</summary>
    private static string Absolute(string workdir, string path) =>
        path.StartsWith('/') ? path : workdir.TrimEnd('/') + "/" + path;

    private static IEnumerable<(string Path, string Content, bool Executable)> SolutionFilesOf(CellContext cell)
    {
        if (cell.SolutionDirectory is not { } dir || !Directory.Exists(dir))
        {
            yield break;
        }

        foreach (string file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            bool executable = (File.GetUnixFileMode(file) & UnixFileMode.UserExecute) != 0;
            yield return (Path.GetRelativePath(dir, file).Replace('\\', '/'), File.ReadAllText(file), executable);
        }
    }
}
