namespace HarnessBench.Core.Audit.Scanning;

/// <summary>A piece of a shell word: literal text, a variable reference or a command substitution.</summary>
internal abstract record WordPart;

/// <summary>Literal text with quotes removed and escapes applied.</summary>
internal sealed record LiteralPart(string Text) : WordPart;

/// <summary><c>$NAME</c> or <c>${NAME...}</c> (only the name is kept).</summary>
internal sealed record VariablePart(string Name) : WordPart;

/// <summary><c>$(...)</c>, backticks, or process substitution <c>&lt;(...)</c>.</summary>
internal sealed record SubstitutionPart(ShellList Body) : WordPart;

/// <summary>An unquoted brace group <c>{a,b}</c>: the word stands for one word per option (<c>f{,.bak}</c> is "f f.bak").</summary>
internal sealed record BracePart(IReadOnlyList<string> Options) : WordPart;

/// <summary>One shell word as written: its parts, concatenated when expanded.</summary>
internal sealed record ShellWord(IReadOnlyList<WordPart> Parts)
{
    /// <summary>The word's literal text when it has no expansions, else null.</summary>
    public string? Literal => Parts.All(p => p is LiteralPart) ? string.Concat(Parts.Cast<LiteralPart>().Select(p => p.Text)) : null;

    public override string ToString() => string.Concat(Parts.Select(p => p switch
    {
        LiteralPart l => l.Text,
        VariablePart v => "$" + v.Name,
        SubstitutionPart s => "$(" + s.Body + ")",
        BracePart b => "{" + string.Join(',', b.Options) + "}",
        _ => "",
    }));
}

/// <summary>A redirection: operator (<c>&gt;</c>, <c>&gt;&gt;</c>, <c>&lt;</c>, <c>&lt;&lt;</c>, <c>&lt;&lt;&lt;</c>, <c>&amp;&gt;</c>...) and target word.</summary>
internal sealed record ShellRedirect(string Operator, ShellWord Target)
{
    public bool IsOutput => Operator.Contains('>', StringComparison.Ordinal) && !Operator.EndsWith('&') && Operator != "<>";

    public bool IsInput => Operator is "<" or "<>";
}

/// <summary>A command in a pipeline: a simple command or a subshell/group.</summary>
internal abstract record ShellCommand;

/// <summary>Words and redirections of a simple command; <see cref="StdinText"/> is a heredoc or here-string body.</summary>
internal sealed record SimpleCommand(IReadOnlyList<ShellWord> Words, IReadOnlyList<ShellRedirect> Redirects) : ShellCommand
{
    public string? StdinText { get; set; }

    public override string ToString() => string.Join(' ', Words.Select(w => w.ToString()));
}

/// <summary><c>( ... )</c> (a subshell: its <c>cd</c> does not last) or <c>{ ...; }</c>.</summary>
internal sealed record GroupCommand(ShellList Body, bool Subshell = false) : ShellCommand;

/// <summary>Commands joined by <c>|</c>.</summary>
internal sealed record Pipeline(IReadOnlyList<ShellCommand> Commands);

/// <summary>Pipelines joined by <c>;</c>, <c>&amp;&amp;</c>, <c>||</c>, <c>&amp;</c> or newlines (run in order as far as the audit cares).</summary>
internal sealed record ShellList(IReadOnlyList<Pipeline> Pipelines)
{
    public override string ToString() => string.Join("; ", Pipelines.Select(p => string.Join(" | ", p.Commands)));
}
