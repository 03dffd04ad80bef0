using System.Text.RegularExpressions;

namespace HarnessBench.Core.Audit.Scanning;

/// <summary>What a program statement does to a file it names.</summary>
internal enum ScriptEffect
{
    /// <summary>os.remove, fs.unlinkSync, File.delete, unlink, pathlib's unlink...</summary>
    Delete,

    /// <summary>shutil.rmtree, fs.rmSync(..., {recursive}), FileUtils.rm_rf, a rename or move of the path away.</summary>
    DeleteTree,

    /// <summary>truncate, open(f, 'w') with nothing written, fs.writeFileSync(f, ''), write_text('').</summary>
    Empty,

    /// <summary>open(f, 'w') or a write call with content.</summary>
    Write,
}

/// <summary>One file effect: the path as the program spells it; <see cref="Guessed"/> when the statement names it through a variable.</summary>
internal readonly record struct ScriptAction(ScriptEffect Effect, string Path, bool Guessed);

/// <summary>
/// The file effects of a small program in any common language (a <c>python -c</c>, <c>node -e</c>,
/// <c>perl -e</c>, <c>ruby -e</c>, <c>php -r</c> body, a heredoc or a script the agent wrote):
/// per statement, which delete, truncate or write call it makes and which literal paths the
/// statement names. A statement that deletes through a variable (<c>os.remove(f)</c> in a loop
/// over <c>glob('tests/*.py')</c>) is charged, as a guess, with the paths of the statements that
/// bind that variable (<c>f = ...</c>, <c>for f in ...</c>, <c>f =&gt;</c>), not with every path
/// in the program: a script that copies a test to a temporary folder and removes the folder removes no test.
/// Also the argv lists it hands to <c>subprocess</c>/<c>system</c>/<c>spawn</c>, as shell commands.
/// Not an interpreter: keyword and literal matching, enough to see intent.
/// </summary>
internal static partial class ScriptEffects
{
    private const int MaxCode = 256 * 1024;
    private const int MaxStatement = 8192;
    private const int MaxPath = 1024;

    /// <summary>open() modes and encodings: literals of a write call that are not its path.</summary>
    private static readonly HashSet<string> NotPaths = new(StringComparer.OrdinalIgnoreCase)
    {
        "w", "wb", "w+", "wt", "wb+", "w+b", "a", "ab", "a+", "r", "rb", "r+", "rt", "x", ">", ">>", "<", "+<", "+>",
        "utf8", "utf-8", "ascii", "latin-1", "latin1", "binary",
    };

    public static IReadOnlyList<ScriptAction> Find(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.Length > MaxCode)
        {
            code = code[..MaxCode];
        }
        var actions = new List<ScriptAction>();
        Dictionary<string, List<string>>? bindings = null;
        bool? writesContent = null;
        foreach (var statement in Statements(code))
        {
            if (Classify(statement, code, ref writesContent) is not { } effect)
            {
                continue;
            }
            var paths = Paths(statement, bare: effect != ScriptEffect.Write);
            if (Move().IsMatch(statement) && !Delete().IsMatch(statement))
            {
                // rename(src, dst): the source goes away; the destination is written.
                if (paths.Count > 0)
                {
                    actions.Add(new ScriptAction(ScriptEffect.DeleteTree, paths[0], Guessed: false));
                }
                continue;
            }
            if (effect == ScriptEffect.Write)
            {
                // The written file is the call's first path (open('out.txt', 'w').write(open('/x').read())).
                var written = paths.FirstOrDefault(p => p.Contains('/', StringComparison.Ordinal) || p.Contains('.', StringComparison.Ordinal)) ?? paths.FirstOrDefault();
                if (written is not null)
                {
                    actions.Add(new ScriptAction(effect, written, Guessed: false));
                }
                continue;
            }
            actions.AddRange(paths.Select(p => new ScriptAction(effect, p, Guessed: false)));
            bindings ??= Bindings(code);
            var bound = Identifier().Matches(statement).Select(m => m.Value).Distinct(StringComparer.Ordinal)
                .Where(bindings.ContainsKey).SelectMany(name => bindings[name]).Distinct(StringComparer.Ordinal).Where(p => !paths.Contains(p));
            actions.AddRange(bound.Select(p => new ScriptAction(effect, p, Guessed: true)));
        }
        return actions;
    }

    /// <summary>
    /// Variable name -> the paths of the statements that bind it: <c>p = 'tests/x.py'</c>,
    /// <c>for f in glob('tests/*.py')</c>, <c>foreach my $f (glob "t/*")</c>, <c>.forEach(f =&gt; ...)</c>;
    /// a binding from other variables (<c>q = p</c>) takes their paths.
    /// </summary>
    private static Dictionary<string, List<string>> Bindings(string code)
    {
        var bindings = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var statement in Statements(code))
        {
            var names = Binding().Matches(statement).Select(m => m.Groups["name"].Value).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            if (names.Count == 0)
            {
                continue;
            }
            var paths = Paths(statement, bare: false);
            if (paths.Count == 0)
            {
                paths = [.. Identifier().Matches(statement).Select(m => m.Value).Where(n => !names.Contains(n) && bindings.ContainsKey(n)).SelectMany(n => bindings[n])];
            }
            foreach (var name in names)
            {
                bindings[name] = [.. paths];
            }
        }
        return bindings;
    }

    /// <summary>Shell command lines the program runs from argv lists (<c>subprocess.run(['bash', '/tests/test.sh'])</c>).</summary>
    public static IEnumerable<string> Commands(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        foreach (var statement in Statements(code.Length > MaxCode ? code[..MaxCode] : code))
        {
            if (RunCall().Match(statement) is not { Success: true } call)
            {
                continue;
            }
            // The argv starts at the call: require('child_process').spawnSync('bash', ['/tests/test.sh']).
            var argv = ScriptStrings.Literals(statement[call.Index..]).Where(l => l.Length > 0).ToList();
            // A single string with spaces is a command line the literal scan already runs.
            if (argv.Count > 1 || (argv.Count == 1 && !argv[0].Contains(' ', StringComparison.Ordinal)))
            {
                yield return string.Join(' ', argv.Select(Quote));
            }
        }
    }

    /// <summary>Absolute or parent-relative paths written without quotes (<c>[open /tests/test.sh]</c>, <c>Get-Content ../tests/x</c>).</summary>
    public static IEnumerable<string> BarePaths(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        foreach (Match m in RootedToken().Matches(code.Length > MaxCode ? code[..MaxCode] : code))
        {
            // "/tests/" is a regex (perl, JS, awk), not a file.
            if (!m.Value.EndsWith('/'))
            {
                yield return m.Value;
            }
        }
    }

    private static ScriptEffect? Classify(string statement, string code, ref bool? writesContent)
    {
        if (Delete().IsMatch(statement))
        {
            return Tree().IsMatch(statement) ? ScriptEffect.DeleteTree : ScriptEffect.Delete;
        }
        if (Move().IsMatch(statement))
        {
            return ScriptEffect.DeleteTree;
        }
        if (Truncate().IsMatch(statement) || WriteEmpty().IsMatch(statement))
        {
            return ScriptEffect.Empty;
        }
        if (OpenForWrite().IsMatch(statement))
        {
            // open(f, 'w') truncates; it is a write only when the program then writes something.
            writesContent ??= WritesContent().IsMatch(WriteEmpty().Replace(code, ""));
            return writesContent.Value ? ScriptEffect.Write : ScriptEffect.Empty;
        }
        return WriteCall().IsMatch(statement) ? ScriptEffect.Write : null;
    }

    private static IEnumerable<string> Statements(string code)
    {
        foreach (var statement in code.Split(['\n', ';']))
        {
            if (statement.Length is > 0 and <= MaxStatement && !string.IsNullOrWhiteSpace(statement))
            {
                yield return statement;
            }
        }
    }

    /// <summary>Path-like literals of a statement (and its bare path tokens when <paramref name="bare"/>): no spaces, not a mode.</summary>
    private static List<string> Paths(string statement, bool bare)
    {
        var paths = ScriptStrings.Extract(statement)
            .Where(l => l.Length is > 0 and <= MaxPath && !l.Any(char.IsWhiteSpace) && !NotPaths.Contains(l))
            .ToList();
        if (bare)
        {
            paths.AddRange(BareToken().Matches(statement).Select(m => m.Value).Where(t => !paths.Contains(t)));
        }
        return paths;
    }

    private static string Quote(string word) => word.Length > 0 && word.All(c => char.IsLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or '=' or '+' or ',' or ':')
        ? word
        : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    // Python os/shutil/pathlib, Node fs (and fs.promises, fs-extra), Deno, Ruby File/FileUtils/Dir,
    // Java Files, Perl unlink/rmtree, PHP unlink/rmdir, R unlink/file.remove, Lua os.remove,
    // Tcl "file delete", PowerShell Remove-Item, Emacs Lisp delete-file.
    [GeneratedRegex(@"\b(?:os|fs|fse|fsp|promises|shutil|Deno|FileUtils|File|Dir|Files|Pathname|file|io)\s*\.\s*(?:remove|removeSync|unlink|unlinkSync|rm|rmSync|rmdir|rmdirSync|rmtree|removedirs|rm_r|rm_rf|rm_f|remove_dir|remove_entry|remove_entry_secure|remove_file|delete|deleteIfExists)\b|\.\s*(?:unlink|unlinkSync|rmtree|rm_rf|rm|rmSync|rmdir|rmdirSync|removeSync|deleteSync)\s*\(|\b(?:unlink|rmtree|remove_tree|rimraf|rmdir)\b\s*[\(\s'""$@]|\bfile\s+delete\b|(?i:\bremove-item\b)|\(delete-(?:file|directory)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Delete();

    [GeneratedRegex(@"rmtree|rm_r|recursive|rmSync|remove_tree|rimraf|delete-directory|RemoveAll|(?i:-recurse)|removedirs|rmdir", RegexOptions.CultureInvariant)]
    private static partial Regex Tree();

    // os.rename/os.replace/shutil.move/fs.renameSync/File.rename/rename(): the first path goes away.
    [GeneratedRegex(@"\b(?:os\s*\.\s*(?:rename|replace|renames)|shutil\s*\.\s*move|renameSync|File\s*\.\s*rename|FileUtils\s*\.\s*(?:mv|move)|Files\s*\.\s*move|Deno\s*\.\s*rename(?:Sync)?)\b|(?<![.\w])rename\s*\(", RegexOptions.CultureInvariant)]
    private static partial Regex Move();

    [GeneratedRegex(@"\btruncate(?:Sync)?\b|\bfile\s*\.\s*create\s*\(|character\(0\)", RegexOptions.CultureInvariant)]
    private static partial Regex Truncate();

    // A write call whose content argument is an empty or blank literal: writeFileSync(f, ''), write_text(''), .write("\n").
    [GeneratedRegex(@"\b(?:writeFileSync|writeFile|writeTextFileSync|writeTextFile|write_text|write_bytes|file_put_contents|outputFileSync|outputFile|write|writeLines|spit|fwrite|fputs)\s*\((?:[^()'""`]|(?<q>['""`])[^'""`\n]*\k<q>)*?[bru]?(?<e>['""`])(?:\s|\\[nrt])*\k<e>\s*[,)]", RegexOptions.CultureInvariant)]
    private static partial Regex WriteEmpty();

    // open(f, 'w'), fopen, io.open, File.open/new, fs.openSync, perl open(FH, '>', f) or open(FH, ">f"), Tcl [open f w], O_TRUNC.
    [GeneratedRegex(@"\b(?:open|fopen|openSync|File\s*\.\s*(?:open|new)|io\s*\.\s*open|codecs\s*\.\s*open)\s*\([^;\n]*?,\s*(?:mode\s*=\s*)?[bru]?(?<q>['""])[wW][bt+]*\k<q>|\bopen\s*\(?\s*(?:my\s+)?[$\w]+\s*,\s*['""]\+?>(?!>)|\bopen\s+\S+\s+w\+?\b|\bO_TRUNC\b", RegexOptions.CultureInvariant)]
    private static partial Regex OpenForWrite();

    [GeneratedRegex(@"\b(?:write\w*|writelines|puts|printf?|say|syswrite|send|dump|fputs|fprintf|copy\w*)\b|<<\s*['""]", RegexOptions.CultureInvariant)]
    private static partial Regex WritesContent();

    [GeneratedRegex(@"\b(?:writeFileSync|writeFile|writeTextFileSync|writeTextFile|write_text|write_bytes|file_put_contents|outputFileSync|File\s*\.\s*write|IO\s*\.\s*write|spit)\s*\(", RegexOptions.CultureInvariant)]
    private static partial Regex WriteCall();

    [GeneratedRegex(@"(?<![.\w])(?:system|exec)\s*[\(\s]|\b(?:subprocess\s*\.\s*\w+|os\s*\.\s*(?:system|popen|exec\w*|spawn\w*|posix_spawn\w*)|execSync|execFileSync|execFile|spawn|spawnSync|popen|Popen|check_output|check_call|getoutput|getstatusoutput|shell_exec|passthru|proc_open|Open3\s*\.\s*\w+|IO\s*\.\s*popen|Bun\s*\.\s*spawn\w*|Deno\s*\.\s*(?:run|Command))\b", RegexOptions.CultureInvariant)]
    private static partial Regex RunCall();

    // name = ..., name := ..., name <- ... (R), for name in/of ..., foreach my $name (...), name => ... (an arrow's parameter).
    [GeneratedRegex(@"^\s*(?:(?:const|let|var|my|our|local)\s+)?\$?(?<name>[A-Za-z_]\w*)\s*(?:=(?![=~>])|:=|<-)|\bfor(?:each)?\s*\(?\s*(?:(?:const|let|var|my|our|local)\s+)?\$?(?<name>[A-Za-z_]\w*)\s*(?:\bin\b|\bof\b|\()|\(?\s*(?<name>[A-Za-z_]\w*)\s*\)?\s*=>|\|\s*(?<name>[A-Za-z_]\w*)\s*\|", RegexOptions.CultureInvariant)]
    private static partial Regex Binding();

    [GeneratedRegex(@"[A-Za-z_]\w*", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();

    [GeneratedRegex(@"(?<![\w$@%.:\\/])(?:~|\.{1,2})?/[^\s'""`()\[\]{};,<>|&=]+", RegexOptions.CultureInvariant)]
    private static partial Regex RootedToken();

    [GeneratedRegex(@"(?<![\w$@%.\\/-])(?:~|\.{1,2})?/?[\w.*-]+(?:/[\w.*-]+)+/?", RegexOptions.CultureInvariant)]
    private static partial Regex BareToken();
}
