using HarnessBench.Core.Agents;

namespace HarnessBench.Core.Tests.Agents;

public sealed class CodeExtractorTests
{
    [Fact]
    public void A_fenced_block_with_the_files_language_tag_is_taken()
    {
        var reply = "Here you go:\n\n```python\ndef f():\n    return 1\n```\n\nIt returns 1.";

        var code = CodeExtractor.Extract(reply, "solve.py");

        Assert.Equal("def f():\n    return 1\n", code.Code);
        Assert.Equal("the fenced block tagged python/py/python3", code.Rule);
    }

    [Fact]
    public void A_fenced_block_without_a_tag_is_taken()
    {
        var code = CodeExtractor.Extract("Sure.\n```\nSELECT 1;\n```\n", "query.sql");

        Assert.Equal("SELECT 1;\n", code.Code);
        Assert.Equal("the untagged fenced block", code.Rule);
    }

    [Fact]
    public void Among_several_blocks_the_matching_tag_wins_over_a_larger_block_of_another_language()
    {
        var reply = "Run it with:\n```bash\npython3 -m pip install nothing && python3 solve.py --with --many --flags --here\n```\n" +
                    "Code:\n```py\nprint(1)\n```\nand a longer version:\n```python\nimport sys\nprint(sys.argv)\n```\n";

        var code = CodeExtractor.Extract(reply, "solve.py");

        Assert.Equal("import sys\nprint(sys.argv)\n", code.Code);
        Assert.Equal("largest fenced block tagged python/py/python3 (of 2)", code.Rule);
    }

    [Fact]
    public void Without_a_matching_tag_the_largest_untagged_block_then_any_block_is_taken()
    {
        Assert.Equal("b = 22\n", CodeExtractor.Extract("```js\nlet a = 1;\n```\n```\nb = 22\n```\n```\nc\n```", "x.py").Code);
        Assert.Equal("fn main() {}\n", CodeExtractor.Extract("```rust\nfn main() {}\n```\n```go\nx\n```", "x.py").Code);
    }

    [Fact]
    public void Tildes_info_strings_and_an_unclosed_fence_are_handled()
    {
        Assert.Equal("x = 1\n", CodeExtractor.Extract("~~~python title=solve.py\nx = 1\n~~~", "solve.py").Code);
        Assert.Equal("x = 2\n", CodeExtractor.Extract("```python\nx = 2", "solve.py").Code);
        Assert.Equal("x = 3\n", CodeExtractor.Extract("```python\r\nx = 3\r\n```\r\n", "solve.py").Code);
    }

    [Fact]
    public void Unfenced_code_loses_leading_and_trailing_prose_lines()
    {
        var reply = "Here is the complete module you asked for:\n\n# comment\nimport os\n\n\ndef f(x):\n    return x\n\nThis should work for all inputs.\n";

        var code = CodeExtractor.Extract(reply, "m.py");

        Assert.Equal("# comment\nimport os\n\n\ndef f(x):\n    return x\n", code.Code);
        Assert.Equal("unfenced reply after 2 leading prose/blank line(s)", code.Rule);
    }

    [Fact]
    public void Unfenced_code_without_prose_is_kept_whole()
    {
        var code = CodeExtractor.Extract("SELECT name\nFROM t\nWHERE x = 1;", "q.sql");

        Assert.Equal("SELECT name\nFROM t\nWHERE x = 1;\n", code.Code);
        Assert.Equal("unfenced reply", code.Rule);
    }

    [Theory]
    [InlineData(null, "empty reply")]
    [InlineData("", "empty reply")]
    [InlineData("   \n\n", "empty reply")]
    [InlineData("I am sorry but I cannot help with that request.", "no code in the reply (prose only)")]
    [InlineData("Here it is:\n```python\n```\n", "only empty fenced blocks")]
    public void A_reply_without_code_gives_no_code_instead_of_failing(string? reply, string rule)
    {
        var code = CodeExtractor.Extract(reply, "solve.py");

        Assert.Null(code.Code);
        Assert.Equal(rule, code.Rule);
    }

    [Theory]
    [InlineData("Here is the solution:", true)]
    [InlineData("This handles every case we discussed.", true)]
    [InlineData("Here's the code you asked for:", true)]
    [InlineData("Sure! Here’s what I'd write.", true)]
    [InlineData("msg = 'hello world here'", false)]
    [InlineData("raise ValueError('bad input here')", false)]
    [InlineData("import sys", false)]
    [InlineData("def solve(x):", false)]
    [InlineData("print(x)", false)]
    [InlineData("    indented text with words here", false)]
    [InlineData("SELECT a FROM b", false)]
    [InlineData("x = 1", false)]
    [InlineData("pass", false)]
    public void Prose_lines_are_told_apart_from_code(string line, bool prose) => Assert.Equal(prose, CodeExtractor.IsProse(line));
}
