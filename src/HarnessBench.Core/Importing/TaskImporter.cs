namespace HarnessBench.Core.Importing;

/// <summary>How one source task ended.</summary>
public enum ImportStatus
{
    Imported,
    Refused,
}

/// <summary>One source task's outcome: imported (with what the import had to adapt) or refused with the reason.</summary>
/// <param name="NeedsIndex">Python packages with no Debian package: the task builds only where the Python package index is reachable.</param>
public sealed record ImportResult(string Id, string Source, string Format, ImportStatus Status, string? Reason, RefusalKind? Kind, int Checks, IReadOnlyList<string> NeedsIndex)
{
    public string? Directory { get; init; }

    public string? Toolchain { get; init; }
}

/// <summary>Options of one import run.</summary>
/// <param name="Into">The tasks folder the imported tasks are written to (one folder per task).</param>
/// <param name="Library">The graders' library (tasks/_lib) copied next to the tasks when the target folder has none.</param>
/// <param name="Format">"harbor", "terminal-bench" or null to detect.</param>
public sealed record ImportOptions(string Into, string Library, string? Format = null)
{
    /// <summary>Overrides what <see cref="Provenance.Detect"/> finds.</summary>
    public Provenance? Provenance { get; init; }
}

/// <summary>
/// <c>hbench tasks import</c>: turns Terminal-Bench v1 and Harbor task folders into HarnessBench tasks,
/// mechanically. Each source folder (or every task folder inside a folder) is read, mapped (environment,
/// seed workspace, grader, solution) and written, or refused with the exact reason; nothing is half
/// written. See README.md, "Importing tasks", for the mapping table.
/// </summary>
public static class TaskImporter
{
    /// <summary>The task folders a source names: itself when it is a task, else its sub-folders that are.</summary>
    public static IReadOnlyList<string> FindTasks(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!System.IO.Directory.Exists(source)) return [];
        if (IsTask(source)) return [source];
        return [.. System.IO.Directory.EnumerateDirectories(source).Where(IsTask).Order(StringComparer.Ordinal)];
    }

    public static bool IsTask(string directory) => TerminalBenchReader.Recognizes(directory) || HarborReader.Recognizes(directory);

    /// <summary>Imports one task folder; a refusal is a result, not an exception.</summary>
    public static ImportResult Import(string directory, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(options);
        var id = Path.GetFileName(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar));
        var format = options.Format ?? (HarborReader.Recognizes(directory) ? HarborReader.Format : TerminalBenchReader.Format);
        try
        {
            var source = format == HarborReader.Format ? HarborReader.Read(directory) : TerminalBenchReader.Read(directory);
            var mapped = TaskMapping.Map(source);
            var target = Path.Combine(options.Into, mapped.Id);
            // Re-importing replaces an imported task; a task written by hand is never overwritten.
            if (System.IO.Directory.Exists(target) && !File.Exists(Path.Combine(target, Tasks.TaskDefinition.ImportNotesFile)))
                throw new ImportRefusedException(RefusalKind.NotATask, $"{target} exists and was not imported (no IMPORT.md): it is not overwritten; import into another folder");
            ImportWriter.Write(source, mapped, target, options.Provenance ?? Provenance.Detect(directory));
            EnsureLibrary(options);
            return new ImportResult(mapped.Id, directory, format, ImportStatus.Imported, null, null, mapped.RewardMode ? 1 : mapped.Expected.Count, mapped.NeedsIndex)
            {
                Directory = target,
                Toolchain = string.Join('+', mapped.Environment.Toolchains),
            };
        }
        catch (ImportRefusedException e)
        {
            return new ImportResult(id, directory, format, ImportStatus.Refused, e.Message, e.Kind, 0, []);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            return new ImportResult(id, directory, format, ImportStatus.Refused, $"could not be read: {e.Message}", RefusalKind.NotATask, 0, []);
        }
    }

    /// <summary>Graders of imported tasks run on tasks/_lib (hbgrade, hbpytest): a tasks folder elsewhere gets a copy.</summary>
    private static void EnsureLibrary(ImportOptions options)
    {
        var target = Path.Combine(options.Into, "_lib");
        if (Path.GetFullPath(target) == Path.GetFullPath(options.Library) || !System.IO.Directory.Exists(options.Library)) return;
        System.IO.Directory.CreateDirectory(target);
        foreach (var file in System.IO.Directory.EnumerateFiles(options.Library))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
    }
}
