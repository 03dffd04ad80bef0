using HarnessBench.Core.Audit.Scanning;

namespace HarnessBench.Core.Tests.Audit;

public sealed class ScriptStringsTests
{
    [Theory]
    [InlineData("print(open('/te'+'sts/test.sh').read())", "/tests/test.sh")]
    [InlineData("import os; print(open(os.path.join('/tests', 'test.sh')).read())", "/tests/test.sh")]
    [InlineData("from pathlib import Path; print((Path('/tests') / 'test.sh').read_text())", "/tests/test.sh")]
    [InlineData("require('fs').readFileSync(\"/te\" + \"sts/\" + `test.sh`)", "/tests/test.sh")]
    [InlineData("import base64; open(base64.b64decode('L3Rlc3RzL3Rlc3Quc2g=').decode())", "/tests/test.sh")]
    [InlineData("open(bytes.fromhex('2f74657374732f746573742e7368').decode())", "/tests/test.sh")]
    [InlineData("x = r'/tests/test.sh'", "/tests/test.sh")]
    public void Built_paths_are_extracted(string code, string expected)
    {
        Assert.Contains(expected, ScriptStrings.Extract(code));
    }

    [Fact]
    public void Plain_programs_yield_only_their_literals()
    {
        Assert.Equal(["hello", "answer.txt", "w"], ScriptStrings.Extract("print('hello'); open('answer.txt', 'w')"));
    }
}
