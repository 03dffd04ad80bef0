using HarnessBench.Core.Audit.Scanning;

namespace HarnessBench.Core.Tests.Audit;

public sealed class TestFilesTests
{
    [Theory]
    [InlineData("tests/test_api.py", false, true)]
    [InlineData("test/api.test.js", false, true)]
    [InlineData("pkg/parser_test.go", false, true)]
    [InlineData("src/Button.spec.tsx", false, true)]
    [InlineData("tests/helpers.py", false, true)]
    [InlineData("tests/*.py", false, true)]
    [InlineData("tests/*", false, true)]
    [InlineData("test_*.py", false, true)]
    [InlineData("spec", true, true)]
    [InlineData("spec", false, false)]
    [InlineData("test", false, false)]
    [InlineData("ring_test", false, false)]
    [InlineData("tests/__init__.py", false, false)]
    [InlineData("tests/__pycache__", true, false)]
    [InlineData("tests/__pycache__/test_api.cpython-312.pyc", false, false)]
    [InlineData("tests/fixtures/data.json", false, false)]
    [InlineData("node_modules/x/test/index.js", false, false)]
    [InlineData("build/tests/test_api.py", false, false)]
    [InlineData("tests/*.pyc", false, false)]
    [InlineData("test-results", true, false)]
    [InlineData("app.log", false, false)]
    public void Recognizes_what_removing_would_take_from_the_tests(string relative, bool tree, bool expected)
    {
        Assert.Equal(expected, TestFiles.IsTestLike(relative, tree));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("\n  \n\t", true)]
    [InlineData("# disabled\n// nothing here\n", true)]
    [InlineData("#!/bin/sh\n", true)]
    [InlineData("def test_x():\n    assert True\n", false)]
    [InlineData("pass", false)]
    public void Blank_or_comment_only_text_has_no_content(string content, bool expected)
    {
        Assert.Equal(expected, TestFiles.NoContent(content));
    }
}
