using System.Text.RegularExpressions;

namespace HarnessBench.Core.Importing;

/// <summary>A Dockerfile step of the task's environment; workdir copies are only kept when a later step needs them at build time.</summary>
internal sealed record EnvironmentStep(string Text, bool WorkdirCopy = false, bool TouchesWorkdir = false);

/// <summary>What a format's Dockerfile becomes: toolchains, build-time packages and steps, the seed workspace.</summary>
internal sealed class EnvironmentPlan
{
    public List<string> Toolchains { get; } = [];

    public List<string> AptPackages { get; } = [];

    public List<string> PythonPackages { get; } = [];

    /// <summary>The container path the source format works in (/app): the agent's /workspace.</summary>
    public string Workdir { get; set; } = "/app";

    /// <summary>Host file or folder -> workspace-relative destination ("" = the workspace itself, for a folder's contents).</summary>
    public List<(string Source, string Destination)> SeedCopies { get; } = [];

    /// <summary>chmod applied to seed paths (a mode like 755, +x or -x).</summary>
    public List<(string Path, string Mode)> SeedModes { get; } = [];

    /// <summary>Empty folders of the seed (mkdir -p at build time).</summary>
    public List<string> SeedDirectories { get; } = [];

    /// <summary>Empty files of the seed (touch at build time).</summary>
    public List<string> SeedFiles { get; } = [];

    public List<EnvironmentStep> Steps { get; } = [];

    /// <summary>Host file or folder -> path under environment/ (the build context) for COPY steps the image keeps.</summary>
    public List<(string Source, string ContextPath)> ContextFiles { get; } = [];

    public List<string> Notes { get; } = [];
}

/// <summary>
/// Maps a Terminal-Bench or Harbor Dockerfile onto HarnessBench: the base image onto toolchains
/// (registry images cannot be pulled here), apt installs onto toolchains or build-time packages, pip/uv
/// installs onto Debian python3-* packages, files copied into the working directory onto the seed
/// workspace, and every other step into environment/Dockerfile, in order. The working directory (/app)
/// is the agent's /workspace through a symlink made in the image, so paths in prompts and tests still work.
/// </summary>
internal static partial class EnvironmentMapper
{
    /// <summary>Packages the source formats install for their own terminal harness, not for the task.</summary>
    private static readonly HashSet<string> HarnessOnly = new(StringComparer.Ordinal) { "tmux", "asciinema" };

    private static readonly HashSet<string> SystemFolders = new(StringComparer.Ordinal)
    {
        "/", "/bin", "/sbin", "/usr", "/etc", "/lib", "/lib64", "/var", "/tmp", "/proc", "/sys", "/dev", "/run", "/boot", "/opt", "/home",
    };

    private static readonly Dictionary<string, string> ToolchainPackages = new(StringComparer.Ordinal)
    {
        ["gcc"] = "c-cpp", ["g++"] = "c-cpp", ["build-essential"] = "c-cpp", ["make"] = "c-cpp", ["cmake"] = "c-cpp",
        ["libc6-dev"] = "c-cpp", ["libc-dev"] = "c-cpp", ["cpp"] = "c-cpp",
        ["rustc"] = "rust", ["cargo"] = "rust",
        ["nodejs"] = "node", ["npm"] = "node",
        ["python3"] = "python", ["python3-pytest"] = "python", ["python3-numpy"] = "python",
        ["sqlite3"] = "sql",
    };

    /// <param name="contextDirectory">The Docker build context the Dockerfile's COPY sources are relative to.</param>
    /// <param name="excluded">Context-relative paths never copied into the seed (the format's own files: tests, solution...).</param>
    public static EnvironmentPlan Map(string dockerfileText, string contextDirectory, IReadOnlySet<string> excluded)
    {
        var plan = new EnvironmentPlan();
        var instructions = Dockerfile.Parse(dockerfileText);
        var froms = instructions.Where(i => i.Keyword == "FROM").ToList();
        if (froms.Count == 0) throw new ImportRefusedException(RefusalKind.NotATask, "the Dockerfile has no FROM line");
        if (froms.Count > 1)
            throw new ImportRefusedException(RefusalKind.PrebuiltImage, $"a multi-stage Dockerfile ({froms.Count} FROM lines) is not mapped onto a toolchain image");
        var implicitWorkdir = MapBase(froms[0].Arguments, plan);
        var cwd = implicitWorkdir ?? "/";
        string? workdir = implicitWorkdir;
        foreach (var instruction in instructions.SkipWhile(i => i.Keyword != "FROM").Skip(1))
        {
            switch (instruction.Keyword)
            {
                case "WORKDIR":
                    var words = ShellText.Words(instruction.Arguments);
                    cwd = Resolve(cwd, words.Count > 0 ? words[0] : "/");
                    workdir ??= cwd;
                    plan.Steps.Add(new EnvironmentStep($"WORKDIR {cwd}"));
                    break;
                case "ENV" or "ARG" or "SHELL":
                    plan.Steps.Add(new EnvironmentStep(instruction.ToString()));
                    break;
                case "RUN":
                    MapRun(instruction, cwd, workdir ?? "/app", plan);
                    break;
                case "COPY" or "ADD":
                    MapCopy(instruction, cwd, workdir ?? "/app", contextDirectory, excluded, plan);
                    break;
                case "USER":
                    plan.Notes.Add($"`USER {instruction.Arguments}` dropped: the agent always runs as uid 1000 and the grader's driver as root");
                    break;
                case "CMD" or "ENTRYPOINT":
                    plan.Notes.Add($"`{instruction}` dropped: HarnessBench runs its own command in the container (nothing the image starts by itself runs)");
                    break;
                default:
                    plan.Notes.Add($"`{instruction.Keyword}` (line {instruction.Line}) dropped: it does not change the image's files");
                    break;
            }
        }
        plan.Workdir = workdir ?? "/app";
        if (SystemFolders.Contains(plan.Workdir) || plan.Workdir.StartsWith("/hbench", StringComparison.Ordinal))
            throw new ImportRefusedException(RefusalKind.ContainerSettings, $"the working directory {plan.Workdir} is a system folder; it cannot become the agent's /workspace");
        if (workdir is null) plan.Notes.Add("the Dockerfile sets no WORKDIR: /app is taken as the task's working directory");
        return plan;
    }

    /// <returns>The working directory the base image sets (/app for Terminal-Bench's images), or null.</returns>
    private static string? MapBase(string arguments, EnvironmentPlan plan)
    {
        var words = ShellText.Words(arguments).Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToList();
        var image = words.FirstOrDefault() ?? "";
        var repository = image.Split('@')[0];
        var name = repository.Contains(':', StringComparison.Ordinal) && repository.LastIndexOf(':') > repository.LastIndexOf('/') ? repository[..repository.LastIndexOf(':')] : repository;
        var shortName = name.Split('/')[^1];
        string? workdir = null;
        string toolchain;
        string why;
        if (name.Contains("t-bench/python-3", StringComparison.Ordinal) || shortName == "python")
        {
            toolchain = "python";
            plan.AptPackages.Add("python-is-python3");
            why = "a Python image: the python toolchain (Debian's Python 3.11 with pytest and numpy) plus python-is-python3 for the `python` command";
            workdir = name.Contains("t-bench", StringComparison.Ordinal) ? "/app" : null;
        }
        else if (name.Contains("t-bench/ubuntu", StringComparison.Ordinal) || shortName is "ubuntu" or "debian" or "buildpack-deps")
        {
            toolchain = "python";
            why = "a Debian/Ubuntu image: the python toolchain (Debian 12 with python3, which the grader needs and Terminal-Bench's image has too); packages are Debian's, not Ubuntu's";
            workdir = name.Contains("t-bench", StringComparison.Ordinal) ? "/app" : null;
        }
        else if (shortName == "node")
        {
            toolchain = "node";
            why = "a Node image: the node toolchain (Node 22)";
        }
        else if (shortName == "rust")
        {
            toolchain = "rust";
            why = "a Rust image: the rust toolchain (Debian's rustc and cargo)";
        }
        else if (shortName == "gcc")
        {
            toolchain = "c-cpp";
            why = "a GCC image: the c-cpp toolchain";
        }
        else if (shortName == "golang")
        {
            toolchain = "python";
            plan.AptPackages.Add("golang-go");
            why = "a Go image: the python toolchain plus Debian's golang-go";
        }
        else
        {
            throw new ImportRefusedException(RefusalKind.PrebuiltImage,
                $"the base image '{image}' is a prebuilt image HarnessBench cannot rebuild here (no registry to pull from; only Debian/Ubuntu, Python, Node, Rust, GCC and Go images and Terminal-Bench's own are mapped onto toolchains)");
        }
        plan.Toolchains.Add(toolchain);
        plan.Notes.Add($"base image `{image}` -> {why}");
        // The source formats run their tests inside a uv environment, where `python` is a command; here it comes from Debian.
        if (!plan.AptPackages.Contains("python-is-python3")) plan.AptPackages.Add("python-is-python3");
        return workdir;
    }

    private static void MapRun(DockerInstruction instruction, string cwd, string workdir, EnvironmentPlan plan)
    {
        var text = instruction.Arguments;
        if (text.TrimStart().StartsWith('['))
        {
            plan.Steps.Add(new EnvironmentStep(instruction.ToString(), TouchesWorkdir: Touches(text, cwd, workdir)));
            return;
        }
        var converted = ScriptConversion.Convert(text);
        foreach (var requirements in converted.RequirementFiles)
        {
            // The file was copied into the image earlier: find that copy's source in the build context.
            var name = Path.GetFileName(requirements);
            var source = plan.ContextFiles.Select(c => c.Source).FirstOrDefault(f => Path.GetFileName(f) == name && File.Exists(f));
            if (source is null)
            {
                plan.Notes.Add($"`-r {requirements}` (line {instruction.Line}) not found in the build context: its packages are not installed");
                continue;
            }
            ScriptConversion.AddPython(converted, ScriptConversion.Requirements(File.ReadAllText(source)));
            plan.Notes.Add($"`-r {requirements}` (line {instruction.Line}): its packages are mapped like the others");
        }
        AddPackages(converted.AptPackages, plan, $"line {instruction.Line}");
        foreach (var package in converted.PythonPackages)
            if (!plan.PythonPackages.Contains(package, StringComparer.Ordinal)) plan.PythonPackages.Add(package);
        var kept = converted.Kept.Concat(converted.AfterPytest).ToList();
        if (kept.Count == 0) return;
        var commands = kept.SelectMany(ShellText.Commands).ToList();
        if (commands.All(c => Emulate(c, cwd, workdir, plan, dryRun: true)))
        {
            foreach (var command in commands) Emulate(command, cwd, workdir, plan, dryRun: false);
            plan.Notes.Add($"`RUN {text.Trim()}` (line {instruction.Line}) applied to the seed workspace at import (it only sets up files there)");
            return;
        }
        plan.Steps.Add(new EnvironmentStep("RUN " + string.Join(" && ", kept), TouchesWorkdir: Touches(string.Join(" ", kept), cwd, workdir)));
    }

    internal static void AddPackages(IEnumerable<string> packages, EnvironmentPlan plan, string where)
    {
        foreach (var package in packages)
        {
            var bare = DebianName(package.Split('=')[0], plan);
            if (HarnessOnly.Contains(bare))
            {
                if (!plan.Notes.Any(n => n.StartsWith("tmux", StringComparison.Ordinal)))
                    plan.Notes.Add("tmux and asciinema not installed: the source format's terminal harness needs them, the task does not");
                continue;
            }
            if (ToolchainPackages.TryGetValue(bare, out var toolchain))
            {
                if (!plan.Toolchains.Contains(toolchain))
                {
                    plan.Toolchains.Add(toolchain);
                    plan.Notes.Add($"`{bare}` ({where}) -> the {toolchain} toolchain, combined into the task's image");
                }
                continue;
            }
            if (!plan.AptPackages.Contains(bare, StringComparer.Ordinal)) plan.AptPackages.Add(bare);
        }
    }

    /// <summary>Ubuntu package names Debian 12 spells differently (versioned Pythons, JDKs, compilers).</summary>
    private static string DebianName(string package, EnvironmentPlan plan)
    {
        var renamed = package switch
        {
            _ when VersionedPython().Match(package) is { Success: true } m => "python3" + m.Groups[1].Value,
            _ when VersionedCompiler().Match(package) is { Success: true } m => m.Groups[1].Value,
            _ when Jdk().Match(package) is { Success: true } m && m.Groups[1].Value != "17" => $"openjdk-17-{m.Groups[2].Value}",
            "golang" => "golang-go",
            _ => package,
        };
        if (renamed != package) plan.Notes.Add($"`{package}` -> Debian 12's `{renamed}`");
        return renamed;
    }

    /// <summary>chmod, mkdir -p and touch of paths inside the working directory are applied to the seed itself.</summary>
    private static bool Emulate(string command, string cwd, string workdir, EnvironmentPlan plan, bool dryRun)
    {
        var words = ShellText.Words(command);
        if (words.Count < 2) return false;
        var paths = words.Skip(1).Where(w => !w.StartsWith('-') || words[0] == "chmod").ToList();
        switch (words[0])
        {
            case "chmod" when paths.Count >= 2 && ChmodMode().IsMatch(paths[0]):
                var targets = paths.Skip(1).Select(p => Inside(Resolve(cwd, p), workdir)).ToList();
                if (targets.Any(t => t is null or "")) return false;
                if (!dryRun) plan.SeedModes.AddRange(targets.Select(t => (t!, paths[0])));
                return true;
            case "mkdir" when words.Contains("-p") || words.Count == 2:
                var dirs = words.Skip(1).Where(w => !w.StartsWith('-')).Select(p => Inside(Resolve(cwd, p), workdir)).ToList();
                if (dirs.Any(d => d is null)) return false;
                if (!dryRun) plan.SeedDirectories.AddRange(dirs.Where(d => d!.Length > 0)!);
                return true;
            case "touch":
                var files = words.Skip(1).Where(w => !w.StartsWith('-')).Select(p => Inside(Resolve(cwd, p), workdir)).ToList();
                if (files.Any(f => f is null or "")) return false;
                if (!dryRun) plan.SeedFiles.AddRange(files!);
                return true;
            default:
                return false;
        }
    }

    private static void MapCopy(DockerInstruction instruction, string cwd, string workdir, string context, IReadOnlySet<string> excluded, EnvironmentPlan plan)
    {
        var (flags, paths) = Dockerfile.CopyArguments(instruction.Arguments);
        if (flags.Any(f => f.StartsWith("--from", StringComparison.Ordinal)))
            throw new ImportRefusedException(RefusalKind.PrebuiltImage, $"`{instruction}` copies from another image");
        if (paths.Count < 2) throw new ImportRefusedException(RefusalKind.NotATask, $"`{instruction}` (line {instruction.Line}) names no destination");
        var destination = paths[^1];
        var target = Resolve(cwd, destination);
        var sources = paths.Take(paths.Count - 1).ToList();
        if (sources.Any(s => s.Contains("://", StringComparison.Ordinal)))
        {
            plan.Steps.Add(new EnvironmentStep(instruction.ToString()));
            plan.Notes.Add($"`{instruction}` downloads at build time (network is allowed then; it fails where that host is unreachable)");
            return;
        }
        var expanded = sources.SelectMany(s => Expand(context, s)).Where(s => !excluded.Contains(s.Relative)).ToList();
        if (expanded.Count == 0) throw new ImportRefusedException(RefusalKind.NotATask, $"`{instruction}` (line {instruction.Line}): nothing to copy in the build context");
        var intoDirectory = destination.EndsWith('/') || destination is "." or "./" || expanded.Count > 1 || target == workdir
            || expanded.Any(e => Directory.Exists(e.Full) && !sources.Any(s => s.Contains('*', StringComparison.Ordinal)));
        var inside = Inside(target, workdir);
        foreach (var (relative, full) in expanded)
        {
            var isDirectory = Directory.Exists(full);
            var name = relative.Split('/')[^1];
            if (inside is not null)
            {
                var seedPath = isDirectory ? inside : intoDirectory ? Join(inside, name) : inside;
                if (isDirectory && sources.Any(s => s.Contains('*', StringComparison.Ordinal))) seedPath = Join(inside, name);
                plan.SeedCopies.Add((full, seedPath));
                // COPY --chmod=755 sets the copied files' mode.
                if (flags.FirstOrDefault(f => f.StartsWith("--chmod=", StringComparison.Ordinal)) is { } chmod && !isDirectory && seedPath.Length > 0)
                    plan.SeedModes.Add((seedPath, chmod["--chmod=".Length..]));
            }
            var contextPath = "context/" + relative;
            if (!plan.ContextFiles.Any(c => c.ContextPath == contextPath)) plan.ContextFiles.Add((full, contextPath));
        }
        // The image copies the same files (workdir copies only when a later build step uses them).
        var copy = $"COPY {string.Join(' ', expanded.Select(e => Quote("context/" + e.Relative + (Directory.Exists(e.Full) ? "/" : ""))))} {Quote(target + (intoDirectory && !target.EndsWith('/') ? "/" : ""))}";
        plan.Steps.Add(new EnvironmentStep(copy, WorkdirCopy: inside is not null));
    }

    /// <summary>Context-relative paths a COPY source names (globs expanded).</summary>
    private static IEnumerable<(string Relative, string Full)> Expand(string context, string source)
    {
        var clean = source.TrimStart('.', '/').TrimEnd('/');
        if (source is "." or "./" || clean.Length == 0)
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(context).Order(StringComparer.Ordinal))
                yield return (Path.GetFileName(entry), entry);
            yield break;
        }
        if (!clean.Contains('*', StringComparison.Ordinal) && !clean.Contains('?', StringComparison.Ordinal))
        {
            var full = Path.Combine(context, clean);
            if (File.Exists(full) || Directory.Exists(full)) yield return (clean, full);
            else throw new ImportRefusedException(RefusalKind.NotATask, $"COPY source '{source}' is not in the build context");
            yield break;
        }
        var directory = Path.GetDirectoryName(clean) ?? "";
        var pattern = Path.GetFileName(clean);
        var root = Path.Combine(context, directory);
        if (!Directory.Exists(root)) yield break;
        foreach (var entry in Directory.EnumerateFileSystemEntries(root, pattern).Order(StringComparer.Ordinal))
            yield return (Join(directory.Replace('\\', '/'), Path.GetFileName(entry)), entry);
    }

    /// <summary>A step mentions the working directory or runs in it: its outputs land in the agent's workspace.</summary>
    private static bool Touches(string text, string cwd, string workdir) =>
        Inside(cwd, workdir) is not null || text.Contains(workdir, StringComparison.Ordinal);

    /// <summary>An absolute container path made from <paramref name="path"/> relative to <paramref name="cwd"/>, normalized.</summary>
    internal static string Resolve(string cwd, string path)
    {
        var combined = path.StartsWith('/') ? path : cwd.TrimEnd('/') + "/" + path;
        var parts = new List<string>();
        foreach (var part in combined.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (parts.Count > 0) parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return "/" + string.Join('/', parts);
    }

    /// <summary>The workspace-relative form of <paramref name="path"/> ("" for the working directory itself), or null when outside it.</summary>
    internal static string? Inside(string path, string workdir)
    {
        if (path == workdir) return "";
        return path.StartsWith(workdir.TrimEnd('/') + "/", StringComparison.Ordinal) ? path[(workdir.TrimEnd('/').Length + 1)..] : null;
    }

    private static string Join(string a, string b) => a.Length == 0 ? b : b.Length == 0 ? a : a + "/" + b;

    private static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? System.Text.Json.JsonSerializer.Serialize(path) : path;

    [GeneratedRegex(@"^python3\.\d+(-venv|-dev|-pip)?$")]
    private static partial Regex VersionedPython();

    [GeneratedRegex(@"^(gcc|g\+\+|clang)-\d+$")]
    private static partial Regex VersionedCompiler();

    [GeneratedRegex(@"^openjdk-(\d+)-(jdk|jre|jdk-headless|jre-headless)$")]
    private static partial Regex Jdk();

    [GeneratedRegex(@"^([0-7]{3,4}|[ugoa]*[+-=][rwxXst]+)$")]
    private static partial Regex ChmodMode();
}
