namespace HarnessBench.Core.Pipeline;

/// <summary>
/// Stage 1: results/&lt;run&gt;/cells/&lt;folder&gt;/workspace = a safe copy of tasks/&lt;id&gt;/workspace
/// (empty when the task has none). A cell folder left by an earlier attempt (an error or an
/// interruption being rerun) is removed first; that attempt's result line keeps its summary.
/// </summary>
internal sealed class ScratchWorkspacePreparer : IWorkspacePreparer
{
    public Task<PrepareResult> PrepareAsync(CellWork work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        FileTree.Delete(work.Paths.Root);
        Directory.CreateDirectory(work.Paths.Root);
        var seed = work.Cell.Task.WorkspaceDirectory;
        if (!Directory.Exists(seed))
        {
            Directory.CreateDirectory(work.Paths.Workspace);
            return Task.FromResult(new PrepareResult(0, 0, []));
        }
        var (files, bytes, skipped) = FileTree.CopySafely(seed, work.Paths.Workspace);
        return Task.FromResult(new PrepareResult(files, bytes, skipped));
    }
}
