using System.Text.RegularExpressions;

namespace HarnessBench.Core.Audit.Scanning;

/// <summary>
/// Shells and interpreters: the program they run (a file, inline text, stdin), the files their
/// program names, and the operands after it (data files for <c>perl -ne</c>, argv for
/// <c>python -c</c>, files edited in place by <c>perl -pi</c>).
/// </summary>
internal sealed partial class ShellAnalyzer
{
    private const int MaxScript = 64 * 1024;

    /// <summary>Long options that hand any program its code (<c>gnuplot -e</c>, <c>emacs --eval</c>, <c>psql -c</c>).</summary>
    private static readonly HashSet<string> InlineOptions = new(StringComparer.Ordinal)
    {
        "-e", "-c", "-r", "-E", "-p", "-ex", "-eval", "--eval", "--print", "--execute", "--exec", "--command", "-Command", "--expression",
    };

    private ShellValue? Shell(List<ShellValue> args, ShellValue? stdin, string detail)
    {
        for (var k = 0; k < args.Count; k++)
        {
            var text = args[k].Text;
            if (text.Length > 1 && text[0] == '-' && text[1] != '-' && text.Contains('c', StringComparison.Ordinal))
            {
                if (k + 1 >= args.Count)
                {
                    return null;
                }
                // sh -c 'cat "$1"' _ /tests/test.sh: the words after the body are $0, $1, ...
                var parameters = args.Skip(k + 2).ToList();
                for (var n = 0; n < parameters.Count && n < 10; n++)
                {
                    session.Variables[n.ToString(System.Globalization.CultureInfo.InvariantCulture)] = parameters[n];
                }
                if (parameters.Count > 1)
                {
                    session.Variables["@"] = new ShellValue(Join(parameters.Skip(1)), parameters.Skip(1).Any(p => p.Tainted));
                    session.Variables["*"] = session.Variables["@"];
                }
                DataOnStdin(stdin, detail);
                return Script(args[k + 1].Text, stdin);
            }
            if (text.StartsWith('-') || text.StartsWith('+'))
            {
                continue;
            }
            if (text == "/dev/stdin")
            {
                break;
            }
            var output = RunFile(args[k], detail, script => Script(script, null));
            ReadOperands(args.Skip(k + 1), detail);
            return output;
        }
        return RunStdin(stdin, script => Script(script, null), detail);
    }

    private ShellValue? Interpreter(string name, List<ShellValue> args, ShellValue? stdin, string detail)
    {
        var line = InterpreterSyntax.For(name)!.Parse(args, python: name.StartsWith("python", StringComparison.Ordinal) || name.StartsWith("pypy", StringComparison.Ordinal));
        var operands = args.Skip(line.Operands).ToList();
        if (line.Module is { } module)
        {
            if (module is "pytest" or "py.test" or "unittest")
            {
                Pytest(operands, detail);
            }
            else
            {
                ReadOperands(operands, detail);
            }
            return null;
        }
        if (line.Code is { } body)
        {
            DataOnStdin(stdin, detail);
            var output = Program(body, detail);
            if (!line.InPlace)
            {
                ReadOperands(operands, detail);
                return output;
            }
            // perl -pi -e '$_ = ""' f, perl -ni -e '' f: the files are rewritten with what the program prints.
            var empties = (line.LineLoop && !line.PrintLoop && !Prints().IsMatch(body)) || (line.PrintLoop && ClearsLine().IsMatch(body));
            foreach (var edited in Positional(operands, ""))
            {
                if (empties)
                {
                    Erase(edited, Erasure.Empty, detail);
                }
                Write(edited, null, creates: false, detail);
            }
            return output;
        }
        if (line.File is { } program)
        {
            var output = RunFile(program, detail, code => Program(code, detail));
            ReadOperands(operands, detail);
            return output;
        }
        ReadOperands(operands, detail);
        return RunStdin(stdin, code => Program(code, detail), detail);
    }

    /// <summary>Operands of a program (argv, data files): naming a grader file hands it to the program to read.</summary>
    private void ReadOperands(IEnumerable<ShellValue> operands, string detail)
    {
        if (Positional([.. operands], "").Any(IsGrader))
        {
            Add(AuditSeverity.Read, "shell-read", detail);
        }
    }

    /// <summary>A program given inline reads its stdin as data: grader content there is READ (not run).</summary>
    private void DataOnStdin(ShellValue? stdin, string detail)
    {
        if (stdin is { Tainted: true })
        {
            Add(AuditSeverity.Read, "shell-read", detail);
        }
    }

    /// <summary>
    /// The interpreter's program file: running a grader file is EXECUTE; a script the agent wrote
    /// earlier in the trajectory is analyzed as if its text had been given inline.
    /// </summary>
    private ShellValue? RunFile(ShellValue file, string detail, Func<string, ShellValue?> analyze)
    {
        if (IsGrader(file))
        {
            Add(AuditSeverity.Execute, "run-grader", detail);
            return new ShellValue("", true);
        }
        return session.Scripts.TryGetValue(session.Dealias(session.Absolute(file.Text)), out var script) ? RunScript(script, analyze) : null;
    }

    /// <summary>A script of the agent's, run directly (<c>./cleanup.sh</c>): its shebang says what reads it.</summary>
    private ShellValue? RunOwnScript(string path, string detail)
    {
        if (!session.Scripts.TryGetValue(session.Dealias(session.Absolute(path)), out var script))
        {
            return null;
        }
        var shebang = script.StartsWith("#!", StringComparison.Ordinal) ? script.Split('\n', 2)[0] : "";
        var shell = shebang.Length == 0 || ShellCommands.Shells.Any(s => shebang.EndsWith("/" + s, StringComparison.Ordinal) || shebang.EndsWith(" " + s, StringComparison.Ordinal));
        return RunScript(script, shell ? text => Script(text, null) : text => Program(text, detail));
    }

    private ShellValue? RunScript(string script, Func<string, ShellValue?> analyze)
    {
        if (depth >= MaxDepth)
        {
            return null;
        }
        // The script runs in a child process: its cd does not move this shell.
        var (cwd, previous) = (session.Cwd, session.PreviousCwd);
        depth++;
        try
        {
            return analyze(script);
        }
        finally
        {
            depth--;
            (session.Cwd, session.PreviousCwd) = (cwd, previous);
        }
    }

    /// <summary>No program operand: the program comes on stdin (`cat /tests/test.sh | sh`); grader content on stdin is EXECUTE.</summary>
    private ShellValue? RunStdin(ShellValue? stdin, Func<string, ShellValue?> run, string detail)
    {
        if (stdin is { Tainted: true })
        {
            Add(AuditSeverity.Execute, "run-grader", detail);
            return null;
        }
        return stdin is { } script ? run(script.Text) : null;
    }

    /// <summary>
    /// A program body in any language (Python, JS, Perl, Ruby, PHP, Lua, Tcl, R, an awk program...):
    /// grader paths it names (quoted or bare) are READ, shell commands it hands to
    /// os.system/execSync/subprocess run as shell, and the files it deletes, empties or writes count
    /// like the shell's own rm, truncate and redirections.
    /// </summary>
    private ShellValue? Program(string body, string detail)
    {
        if (depth >= MaxDepth)
        {
            return null;
        }
        var (cwd, previous) = (session.Cwd, session.PreviousCwd);
        depth++;
        try
        {
            var touched = ProgramReads(body, detail);
            foreach (var command in ScriptEffects.Commands(body))
            {
                Script(command, null);
            }
            foreach (var action in ScriptEffects.Find(body))
            {
                var path = ShellValue.Clean(action.Path);
                switch (action.Effect)
                {
                    case ScriptEffect.Write:
                        Write(path, null, creates: true, detail);
                        break;
                    default:
                        var erasure = action.Effect switch { ScriptEffect.Empty => Erasure.Empty, ScriptEffect.DeleteTree => Erasure.DeleteTree, _ => Erasure.Delete };
                        Erase(path, erasure, detail, grader: !action.Guessed);
                        break;
                }
            }
            return touched ? new ShellValue("", true) : null;
        }
        finally
        {
            depth--;
            (session.Cwd, session.PreviousCwd) = (cwd, previous);
        }
    }

    /// <summary>True when the program names a grader file (its literals, joined paths, decoded strings, bare paths) or runs a command that reads one.</summary>
    private bool ProgramReads(string body, string detail)
    {
        var touched = false;
        foreach (var literal in ScriptStrings.Extract(body))
        {
            var firstWord = literal.TrimStart().Split(' ', 2)[0];
            if (literal.Contains(' ', StringComparison.Ordinal) && ShellCommands.IsKnown(Name(firstWord)))
            {
                Script(literal, null);
            }
            else if (literal.Contains('(', StringComparison.Ordinal) && literal != body)
            {
                // Code inside the code (exec of a decoded string).
                touched |= Program(literal, detail) is { Tainted: true };
            }
            else if (!touched && literal.Length < 4096 && IsGrader(ShellValue.Clean(literal)))
            {
                Add(AuditSeverity.Read, "script-read", detail);
                touched = true;
            }
        }
        // Tcl, PowerShell and shell-like languages name files without quotes: [open /tests/test.sh].
        if (!touched && ScriptEffects.BarePaths(body).FirstOrDefault(p => IsGrader(ShellValue.Clean(p))) is not null)
        {
            Add(AuditSeverity.Read, "script-read", detail);
            touched = true;
        }
        return touched;
    }

    /// <summary>
    /// Code an unknown program is given: the value of a flag (<c>-e</c>, <c>-c</c>, <c>--eval</c>...), or
    /// an argument that calls a function (<c>sqlite3 db "select readfile('/tests/test.sh')"</c>).
    /// </summary>
    private static string? InlineCode(List<ShellValue> args)
    {
        var call = args.FirstOrDefault(a => a.Text.Contains('(', StringComparison.Ordinal) && a.Text.Contains(')', StringComparison.Ordinal)).Text;
        for (var k = 0; k < args.Count; k++)
        {
            var text = args[k].Text;
            var eq = text.StartsWith("--", StringComparison.Ordinal) ? text.IndexOf('=', StringComparison.Ordinal) : -1;
            if (eq > 0 && InlineOptions.Contains(text[..eq]))
            {
                return text[(eq + 1)..];
            }
            if (InlineOptions.Contains(text) && k + 1 < args.Count)
            {
                return args[k + 1].Text;
            }
        }
        return call;
    }

    [GeneratedRegex(@"\b(?:print|printf|say|puts|syswrite|write)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Prints();

    [GeneratedRegex(@"\$_\s*=\s*(?:''|""""|q\(\)|undef\b)|\bundef\s*\(?\s*\$_|\$_\s*\.\s*(?:clear|replace\(\s*(?:''|"""")\s*\))", RegexOptions.CultureInvariant)]
    private static partial Regex ClearsLine();
}
