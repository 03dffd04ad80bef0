using System.Text.RegularExpressions;

namespace HarnessBench.Core.Importing;

/// <summary>What a format's shell script (run-tests.sh, tests/test.sh, solution.sh, solve.sh) becomes.</summary>
internal sealed class ConvertedScript
{
    /// <summary>Debian packages the script installed at run time: installed at build time instead.</summary>
    public List<string> AptPackages { get; } = [];

    /// <summary>Python packages (pip specs) the script installed at run time: Debian's python3-* at build time, else the index.</summary>
    public List<string> PythonPackages { get; } = [];

    /// <summary>The script's own work, installers removed, in order.</summary>
    public List<string> Kept { get; } = [];

    /// <summary>The arguments of the first pytest run (after the word "pytest"), or null when there is none.</summary>
    public List<string>? PytestArguments { get; set; }

    /// <summary>Lines that came after the pytest run (a grader's post-processing).</summary>
    public List<string> AfterPytest { get; } = [];

    public List<string> Notes { get; } = [];

    /// <summary>Requirement files a pip install named (-r FILE): read from the build context by the environment's mapping.</summary>
    public List<string> RequirementFiles { get; } = [];

    /// <summary>The script fetched the uv installer (with curl or wget, then no longer needed).</summary>
    public bool InstallerFetch { get; set; }
}

/// <summary>
/// Turns run-time installers into build-time steps: apt-get/apt installs, the uv installer and uv/pip
/// package installs are removed from the script and collected; a pytest run is recognized in any of
/// its usual spellings (pytest, uv run pytest, uvx ... pytest, python -m pytest); <c>uv run X.py</c>
/// becomes <c>python3 X.py</c>. Everything else is kept in order.
/// </summary>
internal static partial class ScriptConversion
{
    private static readonly HashSet<string> PytestItself = new(StringComparer.OrdinalIgnoreCase) { "pytest", "pytest-json-ctrf", "pytest-json-report" };

    /// <param name="include">Reads a helper script the script sources ($TEST_DIR/x.sh); null when it is not there.</param>
    /// <param name="keepComments">Keep comment lines (solutions read better with them; graders do not need them).</param>
    public static ConvertedScript Convert(string script, Func<string, string?>? include = null, bool keepComments = false)
    {
        var result = new ConvertedScript();
        Walk(script, include, keepComments, result, depth: 0);
        return result;
    }

    private static void Walk(string script, Func<string, string?>? include, bool keepComments, ConvertedScript result, int depth)
    {
        var lines = ShellText.Lines(script);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith("#!", StringComparison.Ordinal)) continue;
            if (trimmed.StartsWith('#'))
            {
                if (keepComments) result.Kept.Add(line);
                continue;
            }
            // Boilerplate blocks: the "no WORKDIR" guard and Harbor's reward writing after pytest.
            if (BlockToSkip(trimmed))
            {
                if (!trimmed.Contains("fi", StringComparison.Ordinal) || !Regex.IsMatch(trimmed, @"\bfi\s*$"))
                    while (i + 1 < lines.Count && lines[i + 1].Trim() != "fi") i++;
                if (i + 1 < lines.Count && lines[i + 1].Trim() == "fi") i++;
                continue;
            }
            var kept = new List<string>();
            var consumed = false;
            foreach (var command in ShellText.Commands(line))
            {
                var outcome = Classify(command, include, keepComments, result, depth);
                if (outcome != command) consumed = true;
                if (outcome is not null) kept.Add(outcome);
            }
            if (kept.Count == 0) continue;
            var text = consumed || kept.Count != ShellText.Commands(line).Count ? string.Join(" && ", kept) : line;
            (result.PytestArguments is null ? result.Kept : result.AfterPytest).Add(text);
        }
    }

    private static bool BlockToSkip(string line) =>
        line.StartsWith("if ", StringComparison.Ordinal)
        && (line.Contains("$PWD", StringComparison.Ordinal) || line.Contains("$?", StringComparison.Ordinal) || line.Contains("reward", StringComparison.Ordinal));

    /// <returns>The command to keep (possibly rewritten), or null when it was an installer or the pytest run.</returns>
    private static string? Classify(string command, Func<string, string?>? include, bool keepComments, ConvertedScript result, int depth)
    {
        var words = ShellText.Words(command);
        if (words.Count == 0) return command;
        var w = words.Select(x => x.Trim()).ToList();
        if (w[0] == "sudo") w.RemoveAt(0);
        if (w.Count == 0) return command;
        var first = w[0];

        if (first is "apt-get" or "apt" or "apt-cache")
        {
            var verb = w.Skip(1).FirstOrDefault(x => !x.StartsWith('-'));
            if (verb == "install")
                result.AptPackages.AddRange(w.Skip(2).Where(x => !x.StartsWith('-') && x != "install" && !(result.InstallerFetch && x is "curl" or "wget")));
            return verb is "update" or "install" or "clean" or "upgrade" or "autoremove" or "autoclean" || verb is null ? null : command;
        }
        if (first == "rm" && command.Contains("/var/lib/apt/lists", StringComparison.Ordinal)) return null;
        if (first == "export" && w.Count > 1 && w[1].StartsWith("DEBIAN_FRONTEND", StringComparison.Ordinal)) return null;
        if ((first is "curl" or "wget") && (command.Contains("astral.sh", StringComparison.Ordinal) || command.Contains("install.sh", StringComparison.Ordinal) && command.Contains("uv", StringComparison.Ordinal)))
        {
            // curl was installed only to fetch uv, which is not needed: the image's pytest and Debian packages are used.
            result.AptPackages.Remove(first);
            result.InstallerFetch = true;
            return null;
        }
        if (first is "source" or "." && w.Count > 1)
        {
            if (w[1].Contains(".local/bin/env", StringComparison.Ordinal) || w[1].Contains(".cargo/env", StringComparison.Ordinal) || w[1].Contains("bin/activate", StringComparison.Ordinal))
                return null;
            if (Include(w[1], include, keepComments, result, depth)) return null;
        }
        if (first is "bash" or "sh" && w.Count > 1 && !w[1].StartsWith('-') && Include(w[1], include, keepComments, result, depth)) return null;
        if (first == "export" && w.Count > 1 && w[1].StartsWith("PATH=", StringComparison.Ordinal) && (w[1].Contains(".local/bin", StringComparison.Ordinal) || w[1].Contains(".cargo/bin", StringComparison.Ordinal)))
            return null;

        if (first == "uv" && w.Count > 1)
        {
            switch (w[1])
            {
                case "init" or "venv" or "sync" or "lock":
                    return null;
                case "add":
                    AddPython(result, w.Skip(2));
                    return null;
                case "pip" when w.Count > 2 && w[2] == "install":
                    AddPython(result, w.Skip(3));
                    return null;
                case "run":
                    return UvRun(command, w.Skip(2).ToList(), result);
            }
        }
        if (first == "uvx") return UvRun(command, w.Skip(1).ToList(), result, isUvx: true);
        // A virtual environment is not needed: packages go into Debian's Python (its PATH entries then fall through to it).
        if (w.Count > 2 && w[0] is "python" or "python3" || w[0].EndsWith("/python3", StringComparison.Ordinal))
        {
            if (w.Count > 2 && w[1] == "-m" && w[2] is "venv" or "virtualenv")
            {
                result.Notes.Add($"`{command}` dropped: packages are installed into Debian's Python at build time instead of a virtual environment");
                return null;
            }
        }
        if (first is "virtualenv") return null;
        if (PipInstall(w) is { } packages)
        {
            AddPython(result, packages);
            return null;
        }
        if (PytestStart(w) is { } at)
        {
            result.PytestArguments ??= [.. w.Skip(at + 1)];
            return null;
        }
        return command;
    }

    private static string? UvRun(string command, List<string> rest, ConvertedScript result, bool isUvx = false)
    {
        // Options of uv run / uvx: --with X / -w X (packages), -p/--python V, others without values.
        var i = 0;
        while (i < rest.Count && rest[i].StartsWith('-'))
        {
            var option = rest[i];
            if (option is "--with" or "-w")
            {
                if (i + 1 < rest.Count) AddPython(result, [rest[i + 1]]);
                i += 2;
            }
            else if (option is "-p" or "--python" or "--from" or "--project" or "--directory")
            {
                i += 2;
            }
            else
            {
                i++;
            }
        }
        var program = rest.Skip(i).ToList();
        if (program.Count == 0) return null;
        if (PytestStart(program) is { } at)
        {
            result.PytestArguments ??= [.. program.Skip(at + 1)];
            return null;
        }
        if (isUvx) return command;
        if (program[0] is "python" or "python3") return "python3 " + string.Join(' ', program.Skip(1).Select(Quote));
        if (program[0].EndsWith(".py", StringComparison.Ordinal)) return "python3 " + string.Join(' ', program.Select(Quote));
        return string.Join(' ', program.Select(Quote));
    }

    private static int? PytestStart(List<string> w)
    {
        if (w.Count > 0 && (w[0] == "pytest" || w[0].EndsWith("/pytest", StringComparison.Ordinal))) return 0;
        if (w.Count > 2 && w[0] is "python" or "python3" && w[1] == "-m" && w[2] == "pytest") return 2;
        return null;
    }

    private static List<string>? PipInstall(List<string> w)
    {
        // pip, pip3 and a virtual environment's own (/opt/venv/bin/pip): packages all the same.
        var pip = w.Count > 1 && (w[0] is "pip" or "pip3" || w[0].EndsWith("/pip", StringComparison.Ordinal) || w[0].EndsWith("/pip3", StringComparison.Ordinal));
        var at = pip && w[1] == "install" ? 2
            : w.Count > 3 && w[0] is "python" or "python3" && w[1] == "-m" && w[2] == "pip" && w[3] == "install" ? 4
            : -1;
        return at < 0 ? null : [.. w.Skip(at)];
    }

    /// <summary>Package specs of a requirements file (comments, options and blank lines skipped).</summary>
    public static IEnumerable<string> Requirements(string text) =>
        text.Split('\n').Select(l => l.Split('#')[0].Trim()).Where(l => l.Length > 0 && !l.StartsWith('-'));

    internal static void AddPython(ConvertedScript result, IEnumerable<string> words)
    {
        var list = words.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var word = list[i];
            if (word is "-r" or "--requirement" && i + 1 < list.Count)
            {
                result.RequirementFiles.Add(list[++i]);
                continue;
            }
            if (word is "-e" or "--editable" or "-c" or "--constraint" or "-i" or "--index-url" or "--extra-index-url")
            {
                result.Notes.Add($"`{word} {(i + 1 < list.Count ? list[i + 1] : "")}` of a Python package install was dropped (only named packages are mapped)");
                i++;
                continue;
            }
            if (word.StartsWith('-')) continue;
            var name = PythonPackages.Name(word);
            if (PytestItself.Contains(name)) continue;
            if (!result.PythonPackages.Contains(word, StringComparer.Ordinal)) result.PythonPackages.Add(word);
        }
    }

    private static bool Include(string path, Func<string, string?>? include, bool keepComments, ConvertedScript result, int depth)
    {
        if (include is null || depth > 4) return false;
        var text = include(path);
        if (text is null) return false;
        Walk(text, include, keepComments, result, depth + 1);
        return true;
    }

    private static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '=' or ':' or ',' or '$' or '{' or '}') ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
