using HarnessBench.Core.Audit.Scanning;

namespace HarnessBench.Core.Tests.Audit;

public sealed class InterpreterSyntaxTests
{
    /// <summary>Parses "NAME ARG..." (words split on spaces, '_' standing for a space inside a word).</summary>
    private static InterpreterLine Parse(string commandLine)
    {
        var words = commandLine.Split(' ').Select(w => ShellValue.Clean(w.Replace('_', ' '))).ToList();
        var name = words[0].Text;
        return InterpreterSyntax.For(name)!.Parse(words.Skip(1).ToList(), python: name.StartsWith("python", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("python3 -c print(1) /tests/test.sh", "print(1)", null, 2)]
    [InlineData("python3.12 -Bcprint(1)", "print(1)", null, 1)]
    [InlineData("python3 -W ignore script.py a", null, "script.py", 3)]
    [InlineData("perl -0777 -ne print /tests/test.sh", "print", null, 3)]
    [InlineData("perl -lane print_$F[0] data.txt", "print $F[0]", null, 2)]
    [InlineData("perl -Ilib script.pl", null, "script.pl", 2)]
    [InlineData("ruby -I lib -e puts_1", "puts 1", null, 4)]
    [InlineData("node -pe 1+1", "1+1", null, 2)]
    [InlineData("node --require ts-node/register app.ts", null, "app.ts", 3)]
    [InlineData("node --eval=1", "1", null, 1)]
    [InlineData("deno eval -p 1+1", "1+1", null, 3)]
    [InlineData("deno run --allow-read main.ts", null, "main.ts", 3)]
    [InlineData("php -d memory_limit=-1 -r echo_1;", "echo 1;", null, 4)]
    [InlineData("php -f /tests/x.php", null, "/tests/x.php", 2)]
    [InlineData("pwsh -NoProfile -Command Get-Content_x", "Get-Content x", null, 3)]
    [InlineData("lua5.4 -e print(1)", "print(1)", null, 2)]
    [InlineData("Rscript -e 1", "1", null, 2)]
    [InlineData("tclsh", null, null, 0)]
    [InlineData("php /dev/stdin", null, null, 1)]
    public void Finds_the_program_and_its_operands(string commandLine, string? code, string? file, int operands)
    {
        var line = Parse(commandLine);

        Assert.Equal((code, file, operands), (line.Code, line.File?.Text, line.Operands));
    }

    [Fact]
    public void In_place_loops_are_read_from_clusters()
    {
        Assert.Equal((true, true, true), (Parse("perl -pi.bak -e s/a/b/ f").InPlace, Parse("perl -pi -e s/a/b/ f").LineLoop, Parse("ruby -pi -e x f").PrintLoop));
        Assert.False(Parse("perl -ne print f").InPlace);
    }

    [Fact]
    public void Python_modules_are_modules()
    {
        var line = Parse("python3 -m pytest -q tests");

        Assert.Equal(("pytest", 2), (line.Module, line.Operands));
    }

    [Theory]
    [InlineData("python3.11")]
    [InlineData("pypy3")]
    [InlineData("perl5.36")]
    [InlineData("nodejs")]
    [InlineData("tclsh8.6")]
    [InlineData("osascript")]
    public void Versioned_names_are_interpreters(string name)
    {
        Assert.NotNull(InterpreterSyntax.For(name));
    }

    [Theory]
    [InlineData("cat")]
    [InlineData("gcc")]
    [InlineData("pytest")]
    public void Other_programs_are_not(string name)
    {
        Assert.Null(InterpreterSyntax.For(name));
    }
}
