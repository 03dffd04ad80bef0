using System.Text;
using System.Text.RegularExpressions;

namespace HarnessBench.Core.Audit.Scanning;

/// <summary>Rules for searches, readers and test runners.</summary>
internal sealed partial class ShellAnalyzer
{
    private static readonly string[] FindPatternOptions = ["-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename", "-regex", "-iregex", "-lname"];

    private ShellValue? Find(List<ShellValue> args, string detail)
    {
        Listed = true;
        var roots = args.TakeWhile(a => !a.Text.StartsWith('-') && a.Text is not "(" and not "!" and not "\\(").ToList();
        if (roots.Count == 0)
        {
            roots.Add(ShellValue.Clean("."));
        }
        var patterns = new List<string>();
        var names = new List<string>();
        var wholePaths = new List<string>();
        List<ShellValue>? exec = null;
        var deletes = false;
        for (var k = roots.Count; k < args.Count; k++)
        {
            var text = args[k].Text;
            // "-not -path './node_modules/*'" and "-path ./x -prune" exclude: they say nothing about what is matched.
            var negated = (k > 0 && args[k - 1].Text is "-not" or "!") || (k + 2 < args.Count && args[k + 2].Text == "-prune");
            if (FindPatternOptions.Contains(text) && k + 1 < args.Count && negated)
            {
                k++;
            }
            else if (FindPatternOptions.Contains(text) && k + 1 < args.Count)
            {
                var value = args[++k].Text;
                patterns.Add(value);
                if (text is "-name" or "-iname")
                {
                    names.Add(value);
                }
                else if (text is "-path" or "-ipath" or "-wholename" or "-iwholename")
                {
                    wholePaths.Add(value);
                }
            }
            else if (text is "-exec" or "-execdir" or "-ok" or "-okdir")
            {
                exec = args.Skip(k + 1).TakeWhile(a => a.Text is not ";" and not "+").ToList();
                k += exec.Count + 1;
            }
            else if (text == "-delete")
            {
                deletes = true;
            }
        }
        var outside = roots.Any(r => !classifier.IsUnderWorkspace(session.Dealias(session.Absolute(r.Text))));
        var search = roots.Any(r => Relation(r, listing: true) != GraderRelation.None) || (outside && patterns.Any(GraderLikePattern));
        if (search)
        {
            Add(deletes ? AuditSeverity.Tamper : AuditSeverity.Probe, deletes ? "write-grader" : "find-grader", detail);
        }
        // What the command reaches: each root, or its matches as a glob ("/workspace/**/test_*.py"),
        // so that -delete, -exec rm and xargs rm see which files go.
        var matches = roots.Take(8).Select(r => new ShellValue(Matches(r.Text, names, wholePaths), search)).ToList();
        if (deletes)
        {
            foreach (var match in matches)
            {
                Erase(match, Erasure.Delete, detail);
            }
        }
        if (exec is { Count: > 0 })
        {
            ShellValue? last = null;
            foreach (var match in matches)
            {
                last = Run(exec.Select(w => w.Text.Contains("{}", StringComparison.Ordinal) ? match with { Text = w.Text.Replace("{}", match.Text, StringComparison.Ordinal) } : w).ToList(), null);
            }
            return last;
        }
        return new ShellValue(string.Join('\n', matches.Select(m => m.Text)), search);
    }

    /// <summary>The files find reaches under <paramref name="root"/>: the root itself, or a glob of its -path or -name matches.</summary>
    private string Matches(string root, List<string> names, List<string> wholePaths)
    {
        var absolute = session.Absolute(root);
        var prefix = absolute == "/" ? "" : absolute;
        if (wholePaths.Count > 0)
        {
            // -path matches the path as find prints it ("./tests/x", from the root as written), and its '*' crosses '/'.
            var pattern = wholePaths[0];
            var written = root.TrimEnd('/');
            var glob = pattern.StartsWith(written + "/", StringComparison.Ordinal) ? prefix + pattern[written.Length..]
                : pattern.StartsWith('/') ? pattern
                : pattern.StartsWith('*') ? prefix + "/" + pattern
                : prefix + "/**/" + pattern;
            return Stars().Replace(glob, "**");
        }
        return names.Count > 0 ? prefix + "/**/" + names[0] : absolute;
    }

    private ShellValue Locate(string name, List<ShellValue> args, string detail)
    {
        Listed = true;
        var positional = Positional(args, name.StartsWith("fd", StringComparison.Ordinal) ? "tedE" : "dln");
        var search = name.StartsWith("fd", StringComparison.Ordinal)
            ? positional.Count > 0 && (positional.Skip(1).Any(r => Relation(r, listing: true) != GraderRelation.None)
                || (GraderLikePattern(positional[0].Text) && positional.Skip(1).Any(r => !classifier.IsUnderWorkspace(session.Absolute(r.Text)))))
            : positional.Any(p => GraderLikePattern("*" + p.Text.Trim('*') + "*") || IsGrader(p));
        if (search)
        {
            Add(AuditSeverity.Probe, "find-grader", detail);
        }
        return new ShellValue(Join(positional), search);
    }

    private void Pytest(List<ShellValue> args, string detail)
    {
        // With no path, pytest collects from the working directory: inside the grader, that runs it.
        var targets = Positional(args, "kmopcr");
        if (args.Any(a => a.Text.StartsWith('-') ? a.Text.Contains('=', StringComparison.Ordinal) && IsGrader(a) : IsGrader(a))
            || (targets.Count == 0 && IsGrader(ShellValue.Clean("."))))
        {
            Add(AuditSeverity.Execute, "run-grader-tests", detail);
        }
    }

    private ShellValue? Read(string name, List<ShellValue> args, ShellValue? stdin, string detail)
    {
        var positional = Positional(args, ShellCommands.ValueOptions(name));
        var probeOnly = false;
        if (name is "grep" or "egrep" or "fgrep" or "rg" or "ag" or "ack")
        {
            // The first operand is the pattern unless -e/-f gave it; -l/-c/-q print names, counts or nothing.
            if (!HasFlag(args, 'e', "--regexp") && !HasFlag(args, 'f', "--file") && positional.Count > 0)
            {
                positional.RemoveAt(0);
            }
            probeOnly = HasFlag(args, 'l', "--files-with-matches") || HasFlag(args, 'L', "--files-without-match")
                || HasFlag(args, 'c', "--count") || HasFlag(args, 'q', "--quiet");
            Searched |= !probeOnly;
            Listed |= probeOnly;
            var fileOption = args.FindIndex(a => a.Text == "-f");
            if (fileOption >= 0 && fileOption + 1 < args.Count)
            {
                positional.Add(args[fileOption + 1]);
            }
        }
        else if (name == "sed" || ShellCommands.IsAwk(name))
        {
            var sed = name == "sed";
            // The program is the first operand unless -e/-f gave it; a program file (-f) is read too.
            if (!HasFlag(args, sed ? 'e' : 'f', "--expression", "--file") && positional.Count > 0)
            {
                var program = positional[0].Text;
                positional.RemoveAt(0);
                if (sed)
                {
                    positional.AddRange(SedReadFiles(program).Select(ShellValue.Clean));
                }
                else if (Program(program, detail) is { Tainted: true })
                {
                    return new ShellValue("", true);
                }
            }
            var programFiles = OptionValues(args, "-f", "--file").ToList();
            positional.AddRange(programFiles);
            if (programFiles.Any(f => f.Text is "-" or "/dev/stdin") && stdin is { Tainted: false } script
                && Program(script.Text, detail) is { Tainted: true })
            {
                // awk -f /dev/stdin <<'EOF' ... EOF: the program is the heredoc.
                return new ShellValue("", true);
            }
        }
        else if (name == "dd")
        {
            positional = args.Where(a => a.Text.StartsWith("if=", StringComparison.Ordinal)).Select(a => a with { Text = a.Text[3..] }).ToList();
            // dd of=F truncates F first: from /dev/null, or with count=0, nothing is copied back in.
            var empties = positional.Any(p => p.Text == "/dev/null") || (args.Any(a => a.Text == "count=0") && !args.Any(a => a.Text.Contains("notrunc", StringComparison.Ordinal)));
            foreach (var of in args.Where(a => a.Text.StartsWith("of=", StringComparison.Ordinal)))
            {
                if (empties)
                {
                    Erase(of with { Text = of.Text[3..] }, Erasure.Empty, detail);
                }
                Write(of with { Text = of.Text[3..] }, null, creates: true, detail);
            }
        }
        else if (name == "tar")
        {
            // tar reads the archive (-f) or the files it packs; only packing grader files is of interest.
            positional = positional.Where(p => !p.Text.EndsWith(".tar", StringComparison.Ordinal) && !p.Text.Contains(".tar.", StringComparison.Ordinal) && !p.Text.EndsWith(".tgz", StringComparison.Ordinal)).ToList();
            probeOnly = true;
        }
        if (positional.Any(IsGrader))
        {
            Add(probeOnly ? AuditSeverity.Probe : AuditSeverity.Read, probeOnly ? "shell-probe" : "shell-read", detail);
            return new ShellValue("", true);
        }
        if (positional.Count > 0 && positional.All(p => p.Text == "/dev/null"))
        {
            // cat /dev/null prints exactly nothing ("cat /dev/null > f" empties f).
            return ShellValue.Known("");
        }
        if (positional.Count > 0 && name is not "grep" and not "rg")
        {
            return ShellValue.Clean("");
        }
        return Transform(name, args, stdin);
    }

    /// <summary>Values of an option that takes a file (<c>-f prog.awk</c>, <c>--file=x</c>).</summary>
    private static IEnumerable<ShellValue> OptionValues(List<ShellValue> args, string option, string longOption)
    {
        for (var k = 0; k < args.Count; k++)
        {
            if (args[k].Text == option && k + 1 < args.Count)
            {
                yield return args[k + 1];
            }
            else if (args[k].Text.StartsWith(longOption + "=", StringComparison.Ordinal))
            {
                yield return args[k] with { Text = args[k].Text[(longOption.Length + 1)..] };
            }
        }
    }

    /// <summary>Files a sed program reads with its r/R commands (<c>sed '1r /tests/test.sh' x</c>).</summary>
    private static IEnumerable<string> SedReadFiles(string program) => SedRead().Matches(program).Select(m => m.Groups["file"].Value.Trim());

    /// <summary>What a filter prints for its input: decoders decode (an obfuscated path becomes visible), the rest pass it on.</summary>
    private static ShellValue? Transform(string name, List<ShellValue> args, ShellValue? stdin)
    {
        if (stdin is not { } input)
        {
            return null;
        }
        var text = input.Text.Trim();
        switch (name)
        {
            case "base64" or "basenc" when HasFlag(args, 'd', "--decode") || HasFlag(args, 'D', "--decode"):
                var bytes = new byte[text.Length];
                return Convert.TryFromBase64String(text, bytes, out var written) ? input with { Text = Encoding.UTF8.GetString(bytes, 0, written) } : input;
            case "base64":
                return input with { Text = Convert.ToBase64String(Encoding.UTF8.GetBytes(input.Text)) };
            case "xxd" when HasFlag(args, 'r', "--revert"):
                var hex = new string(text.Where(char.IsAsciiHexDigit).ToArray());
                return hex.Length % 2 == 0 ? input with { Text = Encoding.UTF8.GetString(Convert.FromHexString(hex)) } : input;
            case "rev":
                return input with { Text = string.Join('\n', input.Text.Split('\n').Select(l => new string(l.Reverse().ToArray()))) };
            case "tr" or "sort" or "uniq" or "head" or "tail" or "cat" or "grep" or "egrep" or "fgrep" or "sed" or "awk" or "cut" or "rg" or "tac" or "iconv" or "column" or "fold":
                return input;
            default:
                return input with { Text = "", Exact = false };
        }
    }

    [GeneratedRegex(@"\*+", RegexOptions.CultureInvariant)]
    private static partial Regex Stars();

    [GeneratedRegex(@"(?:^|[;\n{}0-9$/])\s*[rR]\s+(?<file>[^;\n}]+)", RegexOptions.CultureInvariant)]
    private static partial Regex SedRead();
}
