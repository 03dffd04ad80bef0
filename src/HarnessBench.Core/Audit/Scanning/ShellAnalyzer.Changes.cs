using System.Text.RegularExpressions;

namespace HarnessBench.Core.Audit.Scanning;

/// <summary>Commands that change files without a redirection: rm and friends, sed -i, git rm/mv, editors, compressors.</summary>
internal sealed partial class ShellAnalyzer
{
    /// <summary>rm, unlink, shred, truncate, chmod...: a removal or truncation also counts as an erase.</summary>
    private void Modify(string name, List<ShellValue> args, string detail)
    {
        var files = Positional(args, name switch { "truncate" => "sr", "shred" => "ns", _ => "" });
        Erasure? erasure = name switch
        {
            "rm" => HasFlag(args, 'r', "--recursive") || HasFlag(args, 'R', "--recursive") ? Erasure.DeleteTree : Erasure.Delete,
            "unlink" or "shred" => Erasure.Delete,
            "truncate" when TruncateSize(args) is "0" => Erasure.Empty,
            _ => null,
        };
        foreach (var file in files)
        {
            if (erasure is { } e)
            {
                Erase(file, e, detail);
            }
            Write(file, null, creates: false, detail);
        }
    }

    /// <summary>The size truncate sets (-s 0, -s0, --size=0), without a unit (0K is 0 too).</summary>
    private static string? TruncateSize(List<ShellValue> args)
    {
        for (var k = 0; k < args.Count; k++)
        {
            var text = args[k].Text;
            var size = text == "-s" && k + 1 < args.Count ? args[k + 1].Text
                : text.StartsWith("--size=", StringComparison.Ordinal) ? text[7..]
                : text.StartsWith("-s", StringComparison.Ordinal) && text.Length > 2 ? text[2..]
                : null;
            if (size is not null)
            {
                return size.TrimEnd('K', 'M', 'G', 'T', 'B', 'k', 'i');
            }
        }
        return null;
    }

    /// <summary>sed -i: an edit of each file, and an emptying when the script deletes every line (d, 1,$d, -n without p).</summary>
    private void SedInPlace(List<ShellValue> args, string detail)
    {
        var scripts = new List<string>();
        var expression = false;
        for (var k = 0; k < args.Count; k++)
        {
            var text = args[k].Text;
            if (text.StartsWith("--expression=", StringComparison.Ordinal))
            {
                scripts.Add(text[13..]);
                expression = true;
            }
            else if ((text == "--expression" || (text.Length > 1 && text[0] == '-' && text[1] != '-' && text.EndsWith('e'))) && k + 1 < args.Count)
            {
                scripts.Add(args[k + 1].Text);
                expression = true;
            }
        }
        var files = Positional(args, "ef");
        if (!expression && files.Count > 0)
        {
            scripts.Add(files[0].Text);
            files.RemoveAt(0);
        }
        var quiet = HasFlag(args, 'n', "--quiet", "--silent");
        var empties = scripts.Count > 0 && (scripts.Any(s => SedDeletesAll().IsMatch(s)) || (quiet && !scripts.Any(s => s.Contains('p', StringComparison.Ordinal))));
        foreach (var file in files)
        {
            if (empties)
            {
                Erase(file, Erasure.Empty, detail);
            }
            Write(file, null, creates: false, detail);
        }
    }

    /// <summary>git rm (unless --cached) deletes, git mv moves; other subcommands naming a grader file read it.</summary>
    private void Git(List<ShellValue> args, string detail)
    {
        var (cwd, k) = (session.Cwd, 0);
        try
        {
            while (k < args.Count && args[k].Text.StartsWith('-'))
            {
                if (args[k].Text == "-C" && k + 1 < args.Count)
                {
                    session.Cwd = session.Absolute(args[k + 1].Text);
                }
                k += args[k].Text is "-C" or "-c" or "--git-dir" or "--work-tree" or "--namespace" ? 2 : 1;
            }
            if (k >= args.Count)
            {
                return;
            }
            var rest = args.Skip(k + 1).ToList();
            switch (args[k].Text)
            {
                case "rm" when !rest.Any(a => a.Text == "--cached"):
                    var erasure = HasFlag(rest, 'r', "--recursive") ? Erasure.DeleteTree : Erasure.Delete;
                    foreach (var file in Positional(rest, ""))
                    {
                        Erase(file, erasure, detail);
                    }
                    break;
                case "mv":
                    Copy("mv", rest, detail);
                    break;
                default:
                    ReadOperands(rest, detail);
                    break;
            }
        }
        finally
        {
            session.Cwd = cwd;
        }
    }

    /// <summary>
    /// An editor run from the command line (vim -c, ex -sc, ed with a script on stdin, emacs
    /// --batch): its files are read, its commands may name more files, and a command set that
    /// deletes every line and writes (<c>%d|wq</c>, <c>,d</c> then <c>w</c>, erase-buffer) empties them.
    /// </summary>
    private ShellValue? Editor(string name, List<ShellValue> args, ShellValue? stdin, string detail)
    {
        var commands = new List<string>();
        var files = new List<ShellValue>();
        for (var k = 0; k < args.Count; k++)
        {
            var text = args[k].Text;
            if (text.StartsWith('+'))
            {
                commands.Add(text[1..]);
            }
            else if (text.StartsWith("--eval=", StringComparison.Ordinal))
            {
                commands.Add(text[7..]);
            }
            else if ((text is "-c" or "--cmd" or "--eval" or "-eval" or "--execute" || (text.Length > 2 && text[0] == '-' && text[1] != '-' && text.EndsWith('c')))
                && k + 1 < args.Count)
            {
                commands.Add(args[++k].Text);
            }
            else if (text is "-S" or "-l" or "--load" or "--script" or "-u" && k + 1 < args.Count)
            {
                // A script the editor sources: its content enters the session like a file's.
                files.Add(args[++k]);
            }
            else if (!text.StartsWith('-') || text == "-")
            {
                files.Add(args[k]);
            }
        }
        if (name is "ed" or "red" or "ex" && stdin is { Tainted: false } script)
        {
            commands.Add(script.Text);
        }
        var reads = files.Any(IsGrader);
        foreach (var command in commands)
        {
            reads |= Program(command, detail) is { Tainted: true };
        }
        if (files.Any(IsGrader))
        {
            Add(AuditSeverity.Read, "shell-read", detail);
        }
        if (commands.Any(c => EditorWrites().IsMatch(c)))
        {
            var empties = commands.Any(c => EditorEmpties().IsMatch(c));
            foreach (var file in files.Where(f => f.Text != "-"))
            {
                if (empties)
                {
                    Erase(file, Erasure.Empty, detail);
                }
                Write(file, null, creates: false, detail);
            }
        }
        return reads ? new ShellValue("", true) : ShellValue.Clean("");
    }

    /// <summary>gzip FILE and friends replace FILE with FILE.gz: the original goes (unless -c, -k, -d, -t, -l).</summary>
    private void Compress(List<ShellValue> args, string detail)
    {
        if (HasFlag(args, 'c', "--stdout", "--to-stdout") || HasFlag(args, 'k', "--keep") || HasFlag(args, 'd', "--decompress", "--uncompress")
            || HasFlag(args, 't', "--test") || HasFlag(args, 'l', "--list"))
        {
            return;
        }
        foreach (var file in Positional(args, "S"))
        {
            Erase(file, Erasure.Delete, detail);
        }
    }

    [GeneratedRegex(@"^\s*(?:(?:0|1)\s*,\s*\$|/(?:\.\*|\^|\$|\.|\^\.\*\$|\^\.\*|\.\*\$)/|1~1)?\s*d\s*;?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex SedDeletesAll();

    [GeneratedRegex(@"(?:^|[|:;\s])(?:w|wq|x|wa|xa|wqa|wall|xall|write|update|up|exit|sav|saveas)!?(?=\s|$|\||;|!)|save-buffer|write-file|write-region", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex EditorWrites();

    [GeneratedRegex(@"(?:^|[|:;\s])(?:%|1,\$|0,\$|,)\s*d(?:elete)?\b|\bggdG\b|erase-buffer|delete-region\s*\(\s*point-min\s*\)\s*\(\s*point-max\s*\)", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex EditorEmpties();
}
