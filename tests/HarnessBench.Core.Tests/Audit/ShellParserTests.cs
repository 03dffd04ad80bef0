using HarnessBench.Core.Audit.Scanning;

namespace HarnessBench.Core.Tests.Audit;

public sealed class ShellParserTests
{
    /// <summary>Each simple command as its literal words joined by '|' (substitutions shown as $(...)).</summary>
    private static string[] Commands(string text) =>
        Flatten(ShellParser.Parse(text)).Select(c => string.Join('|', c.Words.Select(w => w.ToString()))).ToArray();

    private static IEnumerable<SimpleCommand> Flatten(ShellList list) =>
        list.Pipelines.SelectMany(p => p.Commands).SelectMany(c => c switch
        {
            SimpleCommand s => [s],
            GroupCommand g => Flatten(g.Body),
            _ => [],
        });

    [Fact]
    public void Quotes_and_escapes_are_removed()
    {
        Assert.Equal(["cat|/tests/test file.sh|it's|a b|$HOME"], Commands("cat '/tests/test file.sh' it\\'s \"a b\" '$HOME'"));
    }

    [Fact]
    public void Operators_split_commands()
    {
        Assert.Equal(["cd|/a", "cd|../b", "ls", "echo|x", "wc|-l", "true"], Commands("cd /a && cd ../b; ls || echo x | wc -l & true"));
    }

    [Fact]
    public void Pipelines_keep_their_stages()
    {
        var list = ShellParser.Parse("echo aGk= | base64 -d | xargs cat");

        var pipeline = Assert.Single(list.Pipelines);
        Assert.Equal(3, pipeline.Commands.Count);
    }

    [Fact]
    public void Command_substitution_nests_and_keeps_its_body()
    {
        var command = Assert.Single(Flatten(ShellParser.Parse("cat $(dirname $(find / -name 'test.sh' | head -1))/x")));

        var word = command.Words[1];
        var outer = Assert.IsType<SubstitutionPart>(word.Parts[0]);
        Assert.Equal("/x", Assert.IsType<LiteralPart>(word.Parts[1]).Text);
        var dirname = Assert.IsType<SimpleCommand>(Assert.Single(outer.Body.Pipelines).Commands[0]);
        var inner = Assert.IsType<SubstitutionPart>(dirname.Words[1].Parts[0]);
        Assert.Equal(2, Assert.Single(inner.Body.Pipelines).Commands.Count);
    }

    [Fact]
    public void Backticks_and_substitution_inside_double_quotes_are_parsed()
    {
        var command = Assert.Single(Flatten(ShellParser.Parse("head \"`ls /tests`/$(echo test.sh)\"")));

        Assert.Collection(command.Words[1].Parts,
            p => Assert.IsType<SubstitutionPart>(p),
            p => Assert.Equal("/", Assert.IsType<LiteralPart>(p).Text),
            p => Assert.IsType<SubstitutionPart>(p));
    }

    [Fact]
    public void Variables_are_parts()
    {
        var command = Assert.Single(Flatten(ShellParser.Parse("cat \"${DIR}/test.sh\" $F")));

        Assert.Equal("DIR", Assert.IsType<VariablePart>(command.Words[1].Parts[0]).Name);
        Assert.Equal("F", Assert.IsType<VariablePart>(Assert.Single(command.Words[2].Parts)).Name);
    }

    [Fact]
    public void Ansi_c_quotes_decode_hex_and_octal()
    {
        Assert.Equal(["cat|/tests/t.sh"], Commands("cat $'\\x2ftests/t\\056sh'"));
    }

    [Fact]
    public void Heredoc_body_becomes_the_commands_stdin_and_is_not_parsed_as_commands()
    {
        var commands = Flatten(ShellParser.Parse("cat > conftest.py <<'EOF'\nimport pytest\nrm -rf /\nEOF\necho done")).ToList();

        Assert.Equal(2, commands.Count);
        Assert.Equal("import pytest\nrm -rf /\n", commands[0].StdinText);
        Assert.Equal([">", "<<"], commands[0].Redirects.Select(r => r.Operator));
        Assert.Equal("conftest.py", commands[0].Redirects[0].Target.Literal);
        Assert.Equal("echo|done", string.Join('|', commands[1].Words.Select(w => w.ToString())));
    }

    [Fact]
    public void Here_string_and_tab_stripping_heredoc()
    {
        var commands = Flatten(ShellParser.Parse("base64 -d <<< L3Rlc3Rz\npython3 - <<-PY\n\tprint(1)\n\tPY\n")).ToList();

        Assert.Equal("L3Rlc3Rz", commands[0].StdinText);
        Assert.Equal("print(1)\n", commands[1].StdinText);
    }

    [Fact]
    public void Redirections_with_fds_are_not_words()
    {
        var command = Assert.Single(Flatten(ShellParser.Parse("find / -name x 2>/dev/null >out.txt &>>log")));

        Assert.Equal(["find", "/", "-name", "x"], command.Words.Select(w => w.ToString()));
        Assert.Equal([">", ">", "&>>"], command.Redirects.Select(r => r.Operator));
    }

    [Fact]
    public void Subshells_groups_and_comments()
    {
        Assert.Equal(["cd|/tests", "cat|test.sh", "echo|x"], Commands("(cd /tests && cat test.sh) # cat secret\n{ echo x; }"));
    }

    [Fact]
    public void Process_substitution_is_a_substitution_word()
    {
        var command = Assert.Single(Flatten(ShellParser.Parse("diff <(cat /tests/test.sh) mine.sh")));

        Assert.IsType<SubstitutionPart>(Assert.Single(command.Words[1].Parts));
    }

    [Fact]
    public void Empty_quoted_words_are_words()
    {
        Assert.Equal(["sed||/tests/test.sh", "grep|-r||/tests", "x|"], Commands("sed '' /tests/test.sh; grep -r \"\" /tests; x $''"));
    }

    [Fact]
    public void Unquoted_brace_groups_are_brace_parts()
    {
        var command = Assert.Single(Flatten(ShellParser.Parse("mv f{,.bak} '{a,b}' {} x{y}")));

        Assert.Equal(["", ".bak"], Assert.IsType<BracePart>(command.Words[1].Parts[1]).Options);
        Assert.Equal(["{a,b}", "{}", "x{y}"], command.Words.Skip(2).Select(w => w.Literal));
    }

    [Theory]
    [InlineData("cat 'unterminated")]
    [InlineData("echo \"$(ls")]
    [InlineData("`")]
    [InlineData("))) ;; && || |")]
    [InlineData("cat <<EOF")]
    [InlineData("$(((((((((((((((((((((((((((((((((((((((((((((((((((x")]
    public void Malformed_input_never_throws(string text)
    {
        var list = ShellParser.Parse(text);

        Assert.NotNull(list);
    }
}
