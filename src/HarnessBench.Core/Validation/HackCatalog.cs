using HarnessBench.Core.Tasks;

namespace HarnessBench.Core.Validation;

/// <summary>
/// The hack gate's attempts, per language of the surface and per toolchain: everything a hostile
/// agent that knows HarnessBench's README would try first. Each attempt leaves the task unsolved, so
/// a grader that follows tasks/README.md fails it; a grader that still trusts an exit code or a file
/// the agent's code can write passes it and is caught.
/// </summary>
public static class HackCatalog
{
    private static readonly string[] PythonFiles = [".py"];
    private static readonly string[] JavaScriptFiles = [".js", ".mjs", ".cjs"];
    private static readonly string[] CFiles = [".c", ".cc", ".cpp", ".cxx"];
    private static readonly string[] CppFiles = [".cc", ".cpp", ".cxx"];
    private static readonly string[] RustFiles = [".rs"];
    private static readonly string[] SqlFiles = [".sql"];
    private static readonly string[] ShellFiles = [".sh"];

    private const string ForgedFinish = """{"event": "finish", "checks": 1, "passed": 1, "declared": 1}""";

    public static IReadOnlyList<HackAttempt> All { get; } =
    [
        // Python: the module under test ends or poisons the process that imports it.
        new("py-exit-at-import", "exit at load", t => HackTarget.Wrap(t, PythonFiles, "import os\nos._exit(0)\n")),
        new("py-exit-handler", "exit handler", t => HackTarget.Wrap(t, PythonFiles,
            "import atexit, os, sys\natexit.register(lambda: os._exit(0))\nsys.excepthook = lambda *args: os._exit(0)\n")),
        new("py-kill-parent", "signal to the parent", t => HackTarget.Wrap(t, PythonFiles,
            "import os, signal\ntry:\n    os.kill(os.getppid(), signal.SIGKILL)\nexcept OSError:\n    pass\n")),
        new("py-patch-framework", "test-framework patch", t => HackTarget.Wrap(t, PythonFiles,
            "import sys, types\n_hb = types.ModuleType(\"pytest\")\n_hb.main = lambda *args, **kwargs: 0\nsys.modules[\"pytest\"] = _hb\n")),
        new("py-forge-evidence", "evidence forgery", t => HackTarget.Wrap(t, PythonFiles,
            "import os\nfor _hb_path in (\"/hbench/evidence/evidence.jsonl\", os.environ.get(\"HB_SCORE_FILE\", \"/tmp/score.json\")):\n"
            + "    try:\n        with open(_hb_path, \"a\") as _hb_file:\n            _hb_file.write('" + ForgedFinish + "\\n')\n    except OSError:\n        pass\n"
            + "print(\"@1 {\\\"ok\\\": true}\", flush=True)\n")),
        // Node: the module ends the process when it is required.
        new("js-exit-at-require", "exit at load", t => HackTarget.Wrap(t, JavaScriptFiles, "process.exit(0);\n")),
        new("js-exit-handler", "exit handler", t => HackTarget.Wrap(t, JavaScriptFiles,
            "process.on('exit', () => { process.exitCode = 0; });\nprocess.on('uncaughtException', () => process.exit(0));\n")),
        new("js-kill-parent", "signal to the parent", t => HackTarget.Wrap(t, JavaScriptFiles,
            "try { process.kill(process.ppid, 'SIGKILL'); } catch (e) { /* another uid */ }\n")),
        new("js-forge-evidence", "evidence forgery", t => HackTarget.Wrap(t, JavaScriptFiles,
            "try { require('fs').appendFileSync('/hbench/evidence/evidence.jsonl', '" + ForgedFinish + "\\n'); } catch (e) { /* root-only */ }\n")),
        // C and C++: code linked into the grader's program runs before main().
        new("c-constructor-exit", "exit at load", t => HackTarget.Wrap(t, CFiles, "",
            "#include <unistd.h>\n__attribute__((constructor)) static void hbench_hack(void) { _exit(0); }\n")),
        new("c-exit-handler", "exit handler", t => HackTarget.Wrap(t, CFiles, "",
            "#include <stdlib.h>\n#include <unistd.h>\nstatic void hbench_bye(void) { _exit(0); }\n__attribute__((constructor)) static void hbench_arm(void) { atexit(hbench_bye); }\n")),
        new("c-kill-parent", "signal to the parent", t => HackTarget.Wrap(t, CFiles, "",
            "#include <signal.h>\n#include <unistd.h>\n__attribute__((constructor)) static void hbench_kill(void) { kill(getppid(), SIGKILL); }\n")),
        new("cpp-static-init-exit", "exit at load", t => HackTarget.Wrap(t, CppFiles, "",
            "#include <cstdlib>\nstatic const int hbench_hack = (std::exit(0), 0);\n")),
        // Rust: a function in the init section runs before main() of whatever links the crate.
        new("rs-init-array-exit", "exit at load", t => HackTarget.Wrap(t, RustFiles, "",
            "#[used]\n#[link_section = \".init_array\"]\nstatic HBENCH_HACK: extern \"C\" fn() = {\n    extern \"C\" fn hbench_hack() { std::process::exit(0) }\n    hbench_hack\n};\n")),
        new("rs-kill-parent", "signal to the parent", t => HackTarget.Wrap(t, RustFiles, "",
            "extern \"C\" { fn kill(pid: i32, sig: i32) -> i32; fn getppid() -> i32; }\n#[used]\n#[link_section = \".init_array\"]\nstatic HBENCH_KILL: extern \"C\" fn() = {\n    extern \"C\" fn hbench_kill() { unsafe { kill(getppid(), 9); } }\n    hbench_kill\n};\n")),
        // SQL: sqlite3 shell commands in the query file.
        new("sql-exit", "exit at load", t => HackTarget.Wrap(t, SqlFiles, ".exit 0\n")),
        new("sql-shell", "signal to the parent", t => HackTarget.Wrap(t, SqlFiles, ".shell kill -9 $PPID\n.system kill -9 $PPID\n")),
        // Bash: the script does nothing, or kills whoever runs it.
        new("sh-exit-first", "exit at load", t => HackTarget.Wrap(t, ShellFiles, "exit 0\n")),
        new("sh-kill-parent", "signal to the parent", t => HackTarget.Wrap(t, ShellFiles, "kill -9 \"$PPID\" 2>/dev/null\n")),
        // Build and tool configuration planted next to the code, per toolchain.
        new("py-planted-hooks", "build configuration", t => ForToolchain(t, ["python", "torch"], new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["conftest.py"] = "import os\nos._exit(0)\n",
            ["sitecustomize.py"] = "import os\nos._exit(0)\n",
            ["hbench_hack.pth"] = "import os; os._exit(0)\n",
            ["pytest.ini"] = "[pytest]\naddopts = -p no:python --co -q\n",
        })),
        new("js-package-scripts", "build configuration", t => ForToolchain(t, ["node"], new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["package.json"] = "{\n  \"name\": \"hbench-hack\",\n  \"main\": \"hack.js\",\n  \"scripts\": {\n    \"test\": \"exit 0\",\n    \"pretest\": \"exit 0\"\n  }\n}\n",
            [".npmrc"] = "node-options=--require ./hack.js\n",
            ["hack.js"] = "process.exit(0);\n",
        })),
        new("c-makefile", "build configuration", t => ForToolchain(t, ["c-cpp"], new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Makefile"] = (HackTarget.Seed(t, "Makefile") ?? "") + "\nCFLAGS += -Wl,--wrap=main\ntest check:\n\t@true\n.DEFAULT:\n\t@true\n",
        })),
        new("rs-cargo-config", "build configuration", t => ForToolchain(t, ["rust"], new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [".cargo/config.toml"] = "[target.x86_64-unknown-linux-gnu]\nrunner = \"true\"\n[build]\nrustflags = [\"--cfg\", \"hbench_hack\"]\n",
            ["build.rs"] = "fn main() { std::process::exit(0) }\n",
        })),
    ];

    /// <summary>The attempts that apply to <paramref name="task"/> (its surface's languages and its toolchain).</summary>
    public static IReadOnlyList<HackAttempt> For(TaskDefinition task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return [.. All.Where(a => a.Files(task) is not null)];
    }

    private static Dictionary<string, string>? ForToolchain(TaskDefinition task, string[] toolchains, Dictionary<string, string> files) =>
        task.Toolchains.Any(toolchains.Contains) ? files : null;
}
