using HarnessBench.Core.Importing;
using HarnessBench.Core.Tasks;
using HarnessBench.Core.Tests.Support;

namespace HarnessBench.Core.Tests.Importing;

/// <summary>Imports fixture tasks (Fixtures/external-tasks: Terminal-Bench tasks, Apache 2.0, and synthetic ones) into a temp tasks folder.</summary>
internal sealed class ImportFixtures : IDisposable
{
    public static readonly IReadOnlySet<string> Toolchains = new HashSet<string>(StringComparer.Ordinal) { "python", "c-cpp", "node", "rust", "sql", "torch" };

    private readonly TempDirectory _temp = new();

    public string Into => _temp.Combine("tasks");

    public static string Source(string format, string id) => Fixtures.File("external-tasks", format, id);

    public ImportResult Import(string format, string id) =>
        TaskImporter.Import(Source(format, id), new ImportOptions(Into, LibraryDirectory()));

    /// <summary>The imported task as the loader sees it (it must be a valid task).</summary>
    public TaskDefinition Load(string id)
    {
        var load = TaskRepository.Load(Into, Toolchains);
        Assert.True(load.Succeeded, string.Join("\n", load.Errors));
        return Assert.Single(load.Tasks, t => t.Id == id);
    }

    public string Read(string id, string relative) => File.ReadAllText(Path.Combine(Into, id, relative));

    public void Dispose() => _temp.Dispose();

    // The checkout's tasks/_lib (the graders' library an imported task's driver runs on).
    private static string LibraryDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HarnessBench.slnx"))) return Path.Combine(dir.FullName, "tasks", "_lib");
        }
        throw new InvalidOperationException("no checkout above the test assembly");
    }
}
