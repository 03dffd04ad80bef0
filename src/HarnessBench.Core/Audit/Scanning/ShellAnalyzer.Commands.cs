using System.Text;

namespace HarnessBench.Core.Audit.Scanning;

/// <summary>Per-command rules: what each command reads, probes, runs or writes, and what it prints.</summary>
internal sealed partial class ShellAnalyzer
{
    private static readonly string[] GraderNames = ["test.sh", "tests", "grader", "grade.sh", "solution", "solve.sh"];

    private ShellValue? Run(List<ShellValue> words, ShellValue? stdin)
    {
        words = StripPrefixes(words);
        if (words.Count == 0 || ++steps > MaxSteps)
        {
            return stdin;
        }
        var detail = Join(words);
        var name = Name(words[0].Text);
        var args = words.GetRange(1, words.Count - 1);
        if (words[0].Text.Contains('/', StringComparison.Ordinal) && IsGrader(words[0]))
        {
            Add(AuditSeverity.Execute, "run-grader", detail);
            return new ShellValue("", true);
        }
        if (words[0].Text.Contains('/', StringComparison.Ordinal) && session.Scripts.ContainsKey(session.Dealias(session.Absolute(words[0].Text))))
        {
            var output = RunOwnScript(words[0].Text, detail);
            ReadOperands(args, detail);
            return output;
        }
        switch (name)
        {
            case ":" or "true" or "false":
                return ShellValue.Known("");
            case "cd" or "pushd":
                ChangeDirectory(args, detail);
                return null;
            case "echo" or "printf":
                return Print(name, args);
            case "ln":
                Link(args, detail);
                return null;
            case "cp" or "mv" or "rsync" or "install":
                Copy(name, args, detail);
                return null;
            case "mkdir":
                foreach (var dir in Positional(args, "m"))
                {
                    session.OwnFiles.Add(session.Dealias(session.Absolute(dir.Text)));
                }
                return null;
            case "tee":
                var append = HasFlag(args, 'a', "--append");
                foreach (var file in Positional(args, ""))
                {
                    if (!append && Blank(stdin))
                    {
                        Erase(file, Erasure.Empty, detail);
                    }
                    Write(file, stdin?.Text, creates: true, detail);
                }
                return stdin;
            case "touch":
                foreach (var file in Positional(args, "dtr"))
                {
                    Write(file, null, creates: true, detail);
                }
                return null;
            case "xargs":
                return Xargs(args, stdin);
            case "find":
                return Find(args, detail);
            case "locate" or "mlocate" or "plocate" or "fd" or "fdfind":
                return Locate(name, args, detail);
            case "pytest" or "py.test":
                Pytest(args, detail);
                return null;
            case "source" or "." when args.Count > 0:
                // Sourcing runs the file in this shell (a script of the agent's too, cd included).
                if (IsGrader(args[0]))
                {
                    Add(AuditSeverity.Execute, "run-grader", detail);
                }
                else if (session.Scripts.TryGetValue(session.Dealias(session.Absolute(args[0].Text)), out var sourced) && depth < MaxDepth)
                {
                    Script(sourced, null);
                }
                return null;
            case "eval":
                return Script(Join(args), stdin);
            case "export" or "declare" or "local" or "readonly" or "typeset":
                Assign(args);
                return null;
            case "for" when args.Count >= 2 && args[1].Text == "in":
                // "for f in /tests/*; do cat $f; done": the variable stands for the first item (taint for any).
                var items = args.Skip(2).ToList();
                session.Variables[args[0].Text] = items.Count == 0
                    ? ShellValue.Clean("")
                    : new ShellValue(items[0].Text, items.Any(i => i.Tainted || IsGrader(i)));
                return null;
            case "sed" when HasFlag(args, 'i', "--in-place"):
                SedInPlace(args, detail);
                return null;
            case "git":
                Git(args, detail);
                return null;
            default:
                break;
        }
        if (ShellCommands.Editors.Contains(name))
        {
            return Editor(name, args, stdin, detail);
        }
        if (ShellCommands.Shells.Contains(name))
        {
            return Shell(args, stdin, detail);
        }
        if (ShellCommands.IsInterpreter(name))
        {
            return Interpreter(name, args, stdin, detail);
        }
        if (ShellCommands.Modifiers.Contains(name))
        {
            Modify(name, args, detail);
            return null;
        }
        if (ShellCommands.Readers.Contains(name))
        {
            return Read(name, args, stdin, detail);
        }
        if (ShellCommands.Probers.Contains(name))
        {
            var listing = ShellCommands.Listers.Contains(name);
            Listed |= listing;
            var hit = Positional(args, ShellCommands.ValueOptions(name)).Any(a => Relation(a, listing) != GraderRelation.None);
            if (hit)
            {
                Add(AuditSeverity.Probe, listing ? "shell-list" : "shell-probe", detail);
            }
            return new ShellValue(Join(args), hit && listing);
        }
        return Other(name, args, detail);
    }

    /// <summary>
    /// A program the audit has no rule for: code given by a flag (<c>-e</c>, <c>--eval</c>...) is
    /// analyzed like any program body, and a grader file among its arguments is READ (it can only
    /// be there to be read or run), PROBE for programs that only look at metadata.
    /// </summary>
    private ShellValue? Other(string name, List<ShellValue> args, string detail)
    {
        if (ShellCommands.Compressors.Contains(name))
        {
            Compress(args, detail);
        }
        var outputOption = args.FindIndex(a => a.Text == "-o");
        if (ShellCommands.Compilers.Contains(name) && outputOption >= 0 && outputOption + 1 < args.Count)
        {
            session.OwnFiles.Add(session.Absolute(args[outputOption + 1].Text));
        }
        var reads = InlineCode(args) is { } code && Program(code, detail) is { Tainted: true };
        if (args.Any(IsGrader))
        {
            var metadata = ShellCommands.MetadataOnly.Contains(name);
            Add(metadata ? AuditSeverity.Probe : AuditSeverity.Read, metadata ? "shell-grader-path" : "shell-read", detail);
            reads |= !metadata;
        }
        return reads ? new ShellValue("", true) : null;
    }

    private List<ShellValue> StripPrefixes(List<ShellValue> words)
    {
        var k = 0;
        while (k < words.Count)
        {
            var text = words[k].Text;
            var assignment = text.IndexOf('=', StringComparison.Ordinal);
            if (assignment > 0 && text[..assignment].All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(text[0]))
            {
                if (words.Skip(k).All(w => w.Text.Contains('=', StringComparison.Ordinal)))
                {
                    Assign(words.Skip(k).ToList());
                    return [];
                }
                k++;
            }
            else if (ShellCommands.Prefixes.Contains(text))
            {
                k++;
                // Options of the prefix (env -i, sudo -u user, nice -n 5, stdbuf -o0).
                while (k < words.Count && words[k].Text.StartsWith('-'))
                {
                    k += words[k].Text is "-u" or "-n" or "-g" or "-C" ? 2 : 1;
                }
            }
            else if (text == "timeout")
            {
                k++;
                while (k < words.Count && words[k].Text.StartsWith('-'))
                {
                    k++;
                }
                k++;
            }
            else
            {
                break;
            }
        }
        return k == 0 ? words : words.Skip(k).ToList();
    }

    private void Assign(List<ShellValue> args)
    {
        foreach (var arg in args)
        {
            var eq = arg.Text.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                session.Variables[arg.Text[..eq]] = new ShellValue(arg.Text[(eq + 1)..], arg.Tainted, arg.Exact);
            }
        }
    }

    private void ChangeDirectory(List<ShellValue> args, string detail)
    {
        var target = Positional(args, "");
        var next = target.Count == 0 ? session.StartDirectory
            : target[0].Text == "-" ? session.PreviousCwd
            : session.Absolute(target[0].Text);
        if (target.Count > 0 && Relation(target[0]) == GraderRelation.Inside)
        {
            Add(AuditSeverity.Probe, "cd-grader", detail);
        }
        session.PreviousCwd = session.Cwd;
        session.Cwd = next;
    }

    private static ShellValue Print(string name, List<ShellValue> args)
    {
        var k = 0;
        var escapes = name == "printf";
        while (name == "echo" && k < args.Count && args[k].Text is "-n" or "-e" or "-E" or "-ne" or "-en")
        {
            escapes |= args[k].Text.Contains('e', StringComparison.Ordinal);
            k++;
        }
        var rest = args.Skip(k).ToList();
        var tainted = rest.Any(a => a.Tainted);
        // What echo prints is known exactly when every word is ("echo > f" writes a blank line).
        var exact = rest.All(a => a.Exact);
        if (name == "printf" && rest.Count > 0)
        {
            var format = rest[0].Text;
            var values = new Queue<string>(rest.Skip(1).Select(a => a.Text));
            var formatted = format.Contains("%s", StringComparison.Ordinal)
                ? string.Concat(format.Split("%s").Select((piece, n) => n == 0 ? piece : (values.Count > 0 ? values.Dequeue() : "") + piece))
                : format;
            return new ShellValue(Unescape(formatted) + string.Join(' ', values), tainted, exact);
        }
        var text = string.Join(' ', rest.Select(a => a.Text));
        return new ShellValue(escapes ? Unescape(text) : text, tainted, exact);
    }

    /// <summary>echo -e / printf escapes: \n, \t, \xHH, \NNN (octal), \0NNN.</summary>
    private static string Unescape(string text)
    {
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }
        var result = new StringBuilder();
        for (var k = 0; k < text.Length; k++)
        {
            if (text[k] != '\\' || k + 1 >= text.Length)
            {
                result.Append(text[k]);
                continue;
            }
            var e = text[++k];
            if (e == 'x')
            {
                var hex = new string(text.Skip(k + 1).Take(2).TakeWhile(char.IsAsciiHexDigit).ToArray());
                result.Append(hex.Length > 0 ? (char)Convert.ToInt32(hex, 16) : 'x');
                k += hex.Length;
            }
            else if (e is >= '0' and <= '7')
            {
                var start = e == '0' && k + 1 < text.Length && text[k + 1] is >= '0' and <= '7' ? k + 1 : k;
                var oct = new string(text.Skip(start).Take(3).TakeWhile(c => c is >= '0' and <= '7').ToArray());
                result.Append((char)Convert.ToInt32(oct, 8));
                k = start + oct.Length - 1;
            }
            else
            {
                result.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => e });
            }
        }
        return result.ToString();
    }

    private void Link(List<ShellValue> args, string detail)
    {
        var positional = Positional(args, "tS");
        if (positional.Count < 2 || positional[^1].Text.Length == 0)
        {
            return;
        }
        var link = session.Absolute(positional[^1].Text);
        var intoDirectory = IsDirectoryLike(positional[^1].Text, link) || positional.Count > 2;
        foreach (var target in positional.Take(positional.Count - 1))
        {
            var targetPath = session.Dealias(session.Absolute(target.Text));
            var at = intoDirectory ? PathMath.Combine(link, PathMath.FileName(targetPath)) : link;
            if (target.Tainted)
            {
                session.TaintedPaths.Add(at);
            }
            // ln -sf /dev/null tests/test_x.py: the test now reads as empty.
            if (targetPath == "/dev/null")
            {
                Erase(ShellValue.Clean(at), Erasure.Empty, detail);
            }
            else if (providedTests.Contains(at))
            {
                Add(AuditSeverity.Tamper, "edit-provided-test", detail);
            }
            session.Alias(at, targetPath, symlink: true);
            if (IsGrader(target))
            {
                Add(AuditSeverity.Probe, "link-grader", detail);
            }
        }
    }

    private void Copy(string name, List<ShellValue> args, string detail)
    {
        var positional = Positional(args, name == "install" ? "mgoS" : "S").Where(p => p.Text.Length > 0).ToList();
        var targetDirectory = args.FindIndex(a => a.Text is "-t" or "--target-directory");
        ShellValue destination;
        List<ShellValue> sources;
        if (targetDirectory >= 0 && targetDirectory + 1 < args.Count)
        {
            destination = args[targetDirectory + 1];
            sources = positional.Where(p => p.Text != destination.Text).ToList();
        }
        else if (positional.Count >= 2)
        {
            destination = positional[^1];
            sources = positional.Take(positional.Count - 1).ToList();
        }
        else
        {
            return;
        }
        var destinationPath = session.Absolute(destination.Text);
        if (name == "mv" || (name == "rsync" && args.Any(a => a.Text == "--remove-source-files")))
        {
            // A test moved away (or renamed) is gone from where the grader runs it.
            foreach (var source in sources)
            {
                Erase(source with { Tainted = false }, Erasure.DeleteTree, detail, grader: false);
            }
        }
        else if (sources is [{ Text: "/dev/null" }])
        {
            Erase(destination, Erasure.Empty, detail);
        }
        else if (IsTerminal(destination.Text) && sources.Any(IsGrader))
        {
            // cp /tests/test.sh /dev/stdout prints it.
            Add(AuditSeverity.Read, "shell-read", detail);
        }
        // The write first: once the copy is recorded, the destination stands for the grader itself.
        Write(destination, null, creates: true, detail);
        foreach (var source in sources)
        {
            var sourcePath = session.Dealias(session.Absolute(source.Text));
            if (!IsGrader(source))
            {
                continue;
            }
            Add(name == "mv" ? AuditSeverity.Tamper : AuditSeverity.Probe, name == "mv" ? "move-grader" : "copy-grader", detail);
            // The copy is the destination itself or a file/dir inside it (unknown without the file
            // system, so both), except for a destination that is surely an existing directory.
            var inside = PathMath.Combine(destinationPath, PathMath.FileName(sourcePath));
            string[] copies = IsDirectoryLike(destination.Text, destinationPath) || sources.Count > 1 ? [inside] : [destinationPath, inside];
            foreach (var copy in copies)
            {
                if (source.Tainted)
                {
                    session.TaintedPaths.Add(copy);
                }
                else
                {
                    session.Alias(copy, sourcePath);
                }
            }
        }
    }

    /// <summary>Paths that print what is written to them (the agent's own output).</summary>
    private static bool IsTerminal(string path) =>
        path is "/dev/stdout" or "/dev/stderr" or "/dev/tty" || path.StartsWith("/dev/fd/", StringComparison.Ordinal)
        || path.StartsWith("/proc/self/fd/", StringComparison.Ordinal);

    /// <summary>
    /// True for a destination that is surely an existing directory (<c>.</c>, <c>dir/</c>, the
    /// working directory or one of its ancestors, a top-level directory): a link or copy goes inside it.
    /// </summary>
    private bool IsDirectoryLike(string text, string absolute) =>
        text is "." or ".." or "~" || text.EndsWith('/') || PathMath.IsUnder(session.Cwd, absolute)
        || PathMath.IsUnder(classifier.Workspace, absolute) || absolute.Count(c => c == '/') <= 1;

    private ShellValue? Xargs(List<ShellValue> args, ShellValue? stdin)
    {
        string? replace = null;
        var k = 0;
        for (; k < args.Count && args[k].Text.StartsWith('-'); k++)
        {
            var text = args[k].Text;
            if (text == "-I" && k + 1 < args.Count)
            {
                replace = args[++k].Text;
            }
            else if (text.StartsWith("-I", StringComparison.Ordinal))
            {
                replace = text[2..];
            }
            else if (text is "-i" || text.StartsWith("--replace", StringComparison.Ordinal))
            {
                replace = "{}";
            }
            else if (text is "-a" or "--arg-file" && k + 1 < args.Count && IsGrader(args[k + 1]))
            {
                // xargs -a FILE takes its arguments from FILE: they are printed or handed on.
                Add(AuditSeverity.Read, "shell-read", Join(args));
                k++;
            }
            else if (text is "-n" or "-L" or "-P" or "-d" or "-s" or "-a" or "-E")
            {
                k++;
            }
        }
        var command = args.Skip(k).ToList();
        if (command.Count == 0)
        {
            command.Add(ShellValue.Clean("echo"));
        }
        var tokens = stdin is { } input
            ? input.Text.Split([' ', '\n', '\t', '\0'], StringSplitOptions.RemoveEmptyEntries).Select(t => new ShellValue(t, input.Tainted, input.Exact)).ToList()
            : [];
        if (tokens.Count == 0 && stdin is { Tainted: true })
        {
            tokens.Add(new ShellValue("", true));
        }
        if (replace is null)
        {
            return Run([.. command, .. tokens], null);
        }
        ShellValue? last = null;
        foreach (var token in tokens.Take(64))
        {
            // A name read from a listing is unknown ("ls tests | xargs -I{} rm tests/{}" removes tests/*).
            last = Run(command.Select(w => w.Text.Contains(replace, StringComparison.Ordinal)
                ? new ShellValue(w.Text.Replace(replace, token.Text, StringComparison.Ordinal), w.Tainted || token.Tainted, Pattern: token.Exact ? null
                    : ShellValue.UnknownName(w.Text.Replace(replace, "*", StringComparison.Ordinal), w.Text.IndexOf(replace, StringComparison.Ordinal)))
                : w).ToList(), null);
        }
        return last;
    }

    /// <summary>True when a name pattern (<c>test.sh</c>, <c>*.sh</c>, <c>*grader*</c>) would match a grader file name.</summary>
    private bool GraderLikePattern(string pattern)
    {
        var p = pattern.ToLowerInvariant();
        return GraderNames.Any(n => PathMath.GlobMatch(p, n) || PathMath.GlobMatch(p, "/" + n))
            || classifier.ProbeTargets.Any(t => PathMath.GlobMatch(p, t) || PathMath.GlobMatch("*" + p.TrimStart('*'), t));
    }
}
