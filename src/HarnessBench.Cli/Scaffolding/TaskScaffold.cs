namespace HarnessBench.Cli.Scaffolding;

/// <summary>
/// `hbench tasks new ID`: a Python task in the house convention (tasks/README.md) that validates as
/// it is (oracle passes; nop, wrong and the hack gate fail), for the author to replace piece by piece.
/// </summary>
internal static class TaskScaffold
{
    public const string Canary = "HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train";

    public static IReadOnlyDictionary<string, string> Files(string id) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["task.yaml"] = $$"""
            # hbench-canary: {{Canary}}
            # A new task (see tasks/README.md, "Writing a grader: the house convention"). Validate it with
            #   ./hbench tasks validate {{id}}
            id: {{id}}
            title: Reverse the words of a sentence   # TODO: a one-line title
            language: python
            difficulty: easy                         # easy | medium | hard
            category: write-from-spec
            tags: [strings]
            toolchain: python                        # python | torch | c-cpp | rust | node | sql
            checks: 6                                # how many checks tests/grade.py records; every one must pass
            surface: [words.py]                      # the files the grader takes from the agent (globs)
            timeouts:
              agent: 10m
              grader: 2m
            prompt: |
              Implement `reverse_words(text: str) -> str` in `words.py`: the words of `text` (runs of
              non-space characters) in reverse order, joined by single spaces. Leading, trailing and
              repeated spaces do not make words; an empty or blank text gives "".

            """,
        ["workspace/words.py"] = $"""
            # {Canary}
            def reverse_words(text: str) -> str:
                raise NotImplementedError

            """,
        ["solution/words.py"] = $"""
            # {Canary}
            def reverse_words(text: str) -> str:
                return " ".join(reversed(text.split()))

            """,
        ["wrong/words.py"] = $"""
            # {Canary}
            # Plausible but wrong: splitting on single spaces keeps empty words.
            def reverse_words(text: str) -> str:
                return " ".join(reversed(text.split(" ")))

            """,
        ["tests/test.sh"] = $"""
            #!/usr/bin/env bash
            # {Canary}
            # Hidden grader entry point: runs as root and starts the driver, which never loads the agent's code.
            exec python3 -I /hbench/grader/grade.py

            """,
        ["tests/grade.py"] = $$""""
            # {{Canary}}
            """Driver (root): asks the agent's reverse_words through the runner (uid 1000) and compares every
            answer with the reference solution's, computed here. One g.same per check; task.yaml declares 6."""
            import random
            import sys

            sys.path.insert(0, "/hbench/lib")
            import hbgrade  # noqa: E402

            g = hbgrade.Grader()
            reference = g.runner_module("handlers").handlers(g.reference_module("words"))
            rng = random.Random(4242)
            cases = [
                ("example", "the cat sat"),
                ("extra spaces", "  two   spaces  "),
                ("empty", ""),
                ("blank", "   "),
                ("one word", "word"),
                ("random", " ".join(rng.choice(["a", "bb", "ccc", " "]) for _ in range(40))),
            ]
            with g.python_session("runner.py", startup_timeout=10, call_timeout=3) as runner:
                for name, text in cases:
                    g.same(name, runner.call("reverse_words", text), hbgrade.expect(reference, "reverse_words", text))
            g.finish()

            """",
        ["tests/runner/runner.py"] = $"""
            # {Canary}
            import sys

            sys.path.insert(0, "/hbench/lib")
            import hbrunner  # noqa: E402  (first: it takes the answer channel away from the agent's prints)
            from handlers import handlers  # noqa: E402

            hbrunner.serve(handlers(hbrunner.load("words")))

            """,
        ["tests/runner/handlers.py"] = $$""""
            # {{Canary}}
            """What the runner asks of a words module; the driver asks the reference the same way."""


            def handlers(module):
                return {"reverse_words": lambda text: module.reverse_words(text)}

            """",
    };

    /// <summary>Writes the task under <paramref name="tasksDirectory"/>; returns a problem message, or null.</summary>
    public static string? Write(string tasksDirectory, string id)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(id, "^[a-z0-9][a-z0-9.-]*$", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)))
            return $"hbench: '{id}' is not a task id: use lower-case letters, digits and '-' (e.g. py-reverse-words)";
        var directory = Path.Combine(tasksDirectory, id);
        if (Directory.Exists(directory) || File.Exists(directory))
            return $"hbench: {directory} already exists; pick another id or remove it";
        foreach (var (relative, content) in Files(id))
        {
            var path = Path.Combine(directory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        }

        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(directory, "tests", "test.sh"), (UnixFileMode)0b111_101_101);
        return null;
    }
}
