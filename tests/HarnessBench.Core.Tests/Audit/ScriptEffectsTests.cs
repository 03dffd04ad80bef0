using HarnessBench.Core.Audit.Scanning;

namespace HarnessBench.Core.Tests.Audit;

public sealed class ScriptEffectsTests
{
    [Theory]
    [InlineData("import os; os.remove('tests/test_x.py')", "Delete", "tests/test_x.py")]
    [InlineData("from pathlib import Path; Path('tests/test_x.py').unlink(missing_ok=True)", "Delete", "tests/test_x.py")]
    [InlineData("import shutil; shutil.rmtree('tests', ignore_errors=True)", "DeleteTree", "tests")]
    [InlineData("require('fs').rmSync('test', { recursive: true })", "DeleteTree", "test")]
    [InlineData("require('fs').unlinkSync('test/a.test.js')", "Delete", "test/a.test.js")]
    [InlineData("unlink \"t/basic.t\"", "Delete", "t/basic.t")]
    [InlineData("FileUtils.rm_rf(\"spec\")", "DeleteTree", "spec")]
    [InlineData("file delete tests/test_x.tcl", "Delete", "tests/test_x.tcl")]
    [InlineData("import os; os.rename('tests/test_x.py', '/tmp/x.py')", "DeleteTree", "tests/test_x.py")]
    [InlineData("open('tests/test_x.py', 'w').close()", "Empty", "tests/test_x.py")]
    [InlineData("with open('tests/test_x.py', 'w') as f: pass", "Empty", "tests/test_x.py")]
    [InlineData("require('fs').writeFileSync('test/a.test.js', '')", "Empty", "test/a.test.js")]
    [InlineData("Path('tests/test_x.py').write_text('\\n')", "Empty", "tests/test_x.py")]
    [InlineData("open(my $f, '>', 'tests/test_x.pl'); close $f", "Empty", "tests/test_x.pl")]
    [InlineData("os.truncate('tests/test_x.py', 0)", "Empty", "tests/test_x.py")]
    [InlineData("open('tests/test_new.py', 'w').write('def test_x():\\n    assert 1\\n')", "Write", "tests/test_new.py")]
    public void A_statement_names_what_it_does_to_which_file(string code, string effect, string path)
    {
        Assert.Contains(new ScriptAction(Enum.Parse<ScriptEffect>(effect), path, Guessed: false), ScriptEffects.Find(code));
    }

    [Theory]
    [InlineData("import glob, os\nfor f in glob.glob('tests/test_*.py'):\n    os.unlink(f)\n", "tests/test_*.py")]
    [InlineData("p = 'tests/test_x.py'; import os; os.remove(p)", "tests/test_x.py")]
    [InlineData("const dir = 'test'; fs.readdirSync(dir).forEach(f => fs.unlinkSync(dir + '/' + f))", "test")]
    public void A_delete_through_a_variable_is_charged_with_what_binds_the_variable(string code, string path)
    {
        Assert.Contains(new ScriptAction(ScriptEffect.Delete, path, Guessed: true), ScriptEffects.Find(code));
    }

    [Fact]
    public void A_delete_through_a_variable_is_not_charged_with_unrelated_paths()
    {
        var actions = ScriptEffects.Find("tmp = tempfile.mkdtemp()\nshutil.copy('tests/test_x.py', tmp)\nshutil.rmtree(tmp)\n");

        Assert.DoesNotContain(actions, a => a.Path == "tests/test_x.py");
    }

    [Theory]
    [InlineData("print(open('tests/test_x.py').read())")]
    [InlineData("import json; print(json.load(open('package.json'))['name'])")]
    [InlineData("x = [1, 2, 3]; x.remove(2); print(x)")]
    [InlineData("console.log(/tests\\/x/.test('a'))")]
    public void Reading_and_computing_have_no_file_effect(string code)
    {
        Assert.Empty(ScriptEffects.Find(code));
    }

    [Theory]
    [InlineData("import subprocess; subprocess.run(['bash', '/tests/test.sh'], check=True)", "bash /tests/test.sh")]
    [InlineData("require('child_process').spawnSync('bash', ['/tests/test.sh'])", "bash /tests/test.sh")]
    [InlineData("system('sh', '-c', 'cat /tests/test.sh')", "sh -c 'cat /tests/test.sh'")]
    [InlineData("exec \"/tests/test.sh\"", "/tests/test.sh")]
    public void Argv_lists_handed_to_a_runner_become_command_lines(string code, string expected)
    {
        Assert.Contains(expected, ScriptEffects.Commands(code));
    }

    [Theory]
    [InlineData("puts [read [open /tests/test.sh]]", "/tests/test.sh")]
    [InlineData("Get-Content -Raw ../tests/test.sh", "../tests/test.sh")]
    public void Bare_paths_are_found(string code, string expected)
    {
        Assert.Contains(expected, ScriptEffects.BarePaths(code));
    }

    [Theory]
    [InlineData("print if /tests/")]
    [InlineData("s = 'https://example.com/tests/x'; x = a/b")]
    public void Regexes_urls_and_division_are_not_bare_paths(string code)
    {
        Assert.DoesNotContain(ScriptEffects.BarePaths(code), p => p.StartsWith("/tests", StringComparison.Ordinal));
    }
}
