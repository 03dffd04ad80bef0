namespace HarnessBench.Core.Audit.Scanning;

/// <summary>
/// How an interpreter's command line names its program: short flags that take the program text
/// (<c>-c</c>, <c>-e</c>, <c>-r</c>...), flags whose value would otherwise be taken for the program
/// file, and subcommands (<c>deno eval</c>). Short flags cluster (<c>perl -0777ne</c>,
/// <c>ruby -pi.bak -e</c>), so each letter's role matters.
/// </summary>
/// <param name="Inline">Short flags whose value is program text.</param>
/// <param name="Attached">Short flags whose value is the rest of the cluster only (<c>-Ilib</c>, <c>-i.bak</c>).</param>
/// <param name="Valued">Short flags whose value is the rest of the cluster or the next word (<c>-r module</c>).</param>
/// <param name="Files">Short flags whose value is the program file (<c>php -f x.php</c>).</param>
/// <param name="Octal">Short flags followed by optional digits only (perl <c>-0777</c>, <c>-l012</c>): the cluster goes on after them.</param>
/// <param name="LongInline">Long flags whose value is program text (<c>--eval</c>, PowerShell's <c>-Command</c>).</param>
/// <param name="LongValued">Long flags that take the next word as their value.</param>
/// <param name="EvalCommands">Subcommands followed by program text.</param>
/// <param name="RunCommands">Subcommands followed by the program file.</param>
/// <param name="InPlace">The flag that edits its file operands in place (perl/ruby <c>-i</c>), or '\0'.</param>
internal sealed record InterpreterSyntax(
    string Inline,
    string Attached = "",
    string Valued = "",
    string Files = "",
    string Octal = "",
    string[]? LongInline = null,
    string[]? LongValued = null,
    string[]? EvalCommands = null,
    string[]? RunCommands = null,
    char InPlace = '\0')
{
    private static readonly string[] NodeLong = ["--eval", "--print"];
    private static readonly InterpreterSyntax Python = new("c", Valued: "WXQ");
    private static readonly InterpreterSyntax Perl = new("eE", Attached: "iIMmxFCdD", Octal: "l0", InPlace: 'i');
    private static readonly InterpreterSyntax Ruby = new("e", Attached: "iFxKTW", Valued: "IrCE", Octal: "0", InPlace: 'i');
    private static readonly InterpreterSyntax Node = new("ep", Valued: "rC", LongInline: NodeLong, LongValued: ["--require", "--import", "--loader", "--experimental-loader", "--conditions"]);
    private static readonly InterpreterSyntax Bun = new("ep", Valued: "r", LongInline: NodeLong, RunCommands: ["run", "x", "exec"]);
    private static readonly InterpreterSyntax Deno = new("", LongInline: NodeLong, LongValued: ["--config", "--import-map", "--location"], EvalCommands: ["eval"], RunCommands: ["run", "test", "bench"]);
    private static readonly InterpreterSyntax Php = new("rBRE", Valued: "dcz", Files: "fF");
    private static readonly InterpreterSyntax Lua = new("e", Valued: "l");
    private static readonly InterpreterSyntax Tcl = new("");
    private static readonly InterpreterSyntax R = new("e", Files: "f", LongInline: ["--expr"], LongValued: ["--file"]);
    private static readonly InterpreterSyntax Julia = new("eE", Valued: "ptCJDOg", Files: "L", LongInline: ["--eval", "--print"]);
    private static readonly InterpreterSyntax Osascript = new("e", Valued: "ls");
    private static readonly InterpreterSyntax PowerShell = new("", LongInline: ["-c", "-command", "--command", "-cmd"], LongValued: ["-executionpolicy", "-ep", "-workingdirectory", "-wd", "-outputformat", "-inputformat", "-configurationname"]);
    private static readonly InterpreterSyntax Guile = new("c", Valued: "lLCex");
    private static readonly InterpreterSyntax Racket = new("e", Valued: "lpkS", Files: "ftr");
    private static readonly InterpreterSyntax EvalOnly = new("e");
    private static readonly InterpreterSyntax Expect = new("c", Files: "f");
    private static readonly InterpreterSyntax QuickJs = new("ec", Valued: "I");

    /// <summary>
    /// Reads an interpreter's command line: the inline code or the program file (none: the program
    /// comes on stdin), where its operands start, and the flags that matter (-m module, in-place edits, -n/-p loops).
    /// </summary>
    public InterpreterLine Parse(IReadOnlyList<ShellValue> args, bool python)
    {
        ArgumentNullException.ThrowIfNull(args);
        var line = new InterpreterLine();
        var subcommand = false;
        for (var k = 0; k < args.Count; k++)
        {
            var text = args[k].Text;
            if (python && text == "-m" && k + 1 < args.Count)
            {
                return line with { Module = args[k + 1].Text, Operands = k + 2 };
            }
            if (text is "-" or "/dev/stdin")
            {
                // python - <<EOF, php /dev/stdin <<< '<?php ...': the program comes on stdin.
                return line with { Operands = k + 1 };
            }
            if (text == "--")
            {
                return line with { File = k + 1 < args.Count ? args[k + 1] : null, Operands = k + 2 };
            }
            if (!subcommand && EvalCommands?.Contains(text) == true)
            {
                // deno eval [options] CODE
                k++;
                while (k < args.Count && args[k].Text.StartsWith('-'))
                {
                    k++;
                }
                return line with { Code = k < args.Count ? args[k].Text : "", Operands = k + 1 };
            }
            if (!subcommand && RunCommands?.Contains(text) == true)
            {
                subcommand = true;
                continue;
            }
            if (text.Length < 2 || text[0] != '-')
            {
                return line with { File = args[k], Operands = k + 1 };
            }
            var eq = text.IndexOf('=', StringComparison.Ordinal);
            var option = eq > 0 ? text[..eq] : text;
            if (LongInline?.Contains(option, StringComparer.OrdinalIgnoreCase) == true)
            {
                return eq > 0 ? line with { Code = text[(eq + 1)..], Operands = k + 1 } : line with { Code = k + 1 < args.Count ? args[k + 1].Text : "", Operands = k + 2 };
            }
            if (LongValued?.Contains(option, StringComparer.OrdinalIgnoreCase) == true)
            {
                k += eq > 0 ? 0 : 1;
                continue;
            }
            if (text[1] == '-' || WordOptions)
            {
                continue;
            }
            line = Cluster(args, ref k, line);
            if (line.Code is not null || line.File is not null)
            {
                return line with { Operands = k + 1 };
            }
        }
        return line with { Operands = args.Count };
    }

    /// <summary>A cluster of short flags: -ne, -0777pe, -pi.bak, -Ilib, -W ignore, -cprint(1); <paramref name="k"/> ends on the last word it used.</summary>
    private InterpreterLine Cluster(IReadOnlyList<ShellValue> args, ref int k, InterpreterLine line)
    {
        var text = args[k].Text;
        for (var j = 1; j < text.Length; j++)
        {
            var c = text[j];
            var rest = text[(j + 1)..];
            if (InPlace != '\0')
            {
                line = line with { LineLoop = line.LineLoop || c is 'n' or 'p', PrintLoop = line.PrintLoop || c == 'p', InPlace = line.InPlace || c == InPlace };
            }
            if (Inline.Contains(c, StringComparison.Ordinal))
            {
                // "-pe CODE" (node, perl): more flags follow, the code is the next word; "-cCODE" has it attached.
                var attached = rest.Length > 0 && !rest.All(r => Inline.Contains(r, StringComparison.Ordinal));
                return line with { Code = attached ? rest : k + 1 < args.Count ? args[++k].Text : "" };
            }
            if (Files.Contains(c, StringComparison.Ordinal))
            {
                return line with { File = rest.Length > 0 ? args[k] with { Text = rest } : k + 1 < args.Count ? args[++k] : null };
            }
            if (Octal.Contains(c, StringComparison.Ordinal))
            {
                while (j + 1 < text.Length && char.IsAsciiDigit(text[j + 1]))
                {
                    j++;
                }
                continue;
            }
            if (Attached.Contains(c, StringComparison.Ordinal))
            {
                break;
            }
            if (Valued.Contains(c, StringComparison.Ordinal))
            {
                k += rest.Length > 0 ? 0 : 1;
                break;
            }
        }
        return line;
    }

    /// <summary>PowerShell's options are single-dash words (<c>-NoProfile</c>), not clusters of letters.</summary>
    public bool WordOptions => ReferenceEquals(this, PowerShell);

    /// <summary>The syntax of interpreter <paramref name="name"/> (a file name: python3.11, perl5.36), or null for other programs.</summary>
    public static InterpreterSyntax? For(string name)
    {
        var family = name.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '.', '-');
        if (family.StartsWith("python", StringComparison.Ordinal))
        {
            return Python;
        }
        return family switch
        {
            "python" or "pypy" or "jython" => Python,
            "perl" => Perl,
            "ruby" or "jruby" or "truffleruby" => Ruby,
            "node" or "nodejs" or "ts-node" or "tsx" => Node,
            "bun" => Bun,
            "deno" => Deno,
            "php" or "php-cli" => Php,
            "lua" or "luajit" => Lua,
            "tclsh" or "wish" or "jimsh" => Tcl,
            "Rscript" or "R" => R,
            "julia" => Julia,
            "osascript" => Osascript,
            "pwsh" or "powershell" => PowerShell,
            "guile" => Guile,
            "racket" => Racket,
            "elixir" or "groovy" or "scala" or "swift" or "kotlin" => EvalOnly,
            "expect" => Expect,
            "qjs" or "gjs" => QuickJs,
            _ => null,
        };
    }
}

/// <summary>An interpreter command line, read by <see cref="InterpreterSyntax.Parse"/>.</summary>
/// <param name="Code">Inline program text (<c>-c</c>, <c>-e</c>, <c>eval</c>), or null.</param>
/// <param name="File">The program file, or null (then the program is <see cref="Code"/> or stdin).</param>
/// <param name="Module">Python's <c>-m</c> module, or null.</param>
/// <param name="Operands">Index of the first word after the program: argv, data files, files edited in place.</param>
/// <param name="InPlace">perl/ruby -i: the operands are rewritten with the program's output.</param>
/// <param name="LineLoop">perl/ruby -n or -p: the program runs per input line.</param>
/// <param name="PrintLoop">perl/ruby -p: each line is printed after the program ran.</param>
internal sealed record InterpreterLine(
    string? Code = null,
    ShellValue? File = null,
    string? Module = null,
    int Operands = 0,
    bool InPlace = false,
    bool LineLoop = false,
    bool PrintLoop = false);
