using HarnessBench.Cli.Hosting;
using HarnessBench.Docker.Images;

namespace HarnessBench.Cli.Commands;

/// <summary>What `hbench images build|status|prune` was asked.</summary>
internal sealed record ImagesOptions(string Action, IReadOnlyList<string> Names, bool Force)
{
    /// <summary>`build --tasks [DIR]`: also build the own images of the tasks in DIR (environment/Dockerfile, combined toolchains).</summary>
    public string? TasksDirectory { get; init; }
}

/// <summary>`hbench images`: build what changed (content-hashed), show status, prune old tags.</summary>
internal sealed class ImagesCommand(ImagesOptions options, ImagePipeline images, EngineCheck engine) : IHostedCommand
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var unknown = options.Names.Where(n => !images.Catalog.Contains(n)).ToList();
        if (unknown.Count > 0)
        {
            Console.Error.WriteLine($"unknown image(s): {string.Join(", ", unknown)}; known: {string.Join(", ", images.Catalog.Images.Select(i => i.Name))}");
            return ExitCodes.Usage;
        }

        await engine.RequireEngineAsync(cancellationToken);
        return options.Action switch
        {
            "build" => await BuildAsync(cancellationToken),
            "prune" => await PruneAsync(cancellationToken),
            _ => await StatusAsync(cancellationToken),
        };
    }

    private async Task<int> BuildAsync(CancellationToken cancellationToken)
    {
        if (options.TasksDirectory is { } tasks && options.Names.Count == 0)
            return await TaskImagesBuild.RunAsync(images, tasks, Console.Out, cancellationToken);
        var results = await images.BuildAsync(options.Names, options.Force, new LineProgress(Console.Out), cancellationToken);
        foreach (var r in results)
        {
            Console.WriteLine($"{r.Name,-12} {r.Tag,-32} {(r.Built ? $"built in {r.Duration.TotalSeconds:F1}s" : "up to date")}");
        }

        if (options.TasksDirectory is { } taskFolder)
            return await TaskImagesBuild.RunAsync(images, taskFolder, Console.Out, cancellationToken);

        return ExitCodes.Success;
    }

    private async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var removed = await images.PruneAsync(options.Names, new LineProgress(Console.Out), cancellationToken);
        Console.WriteLine($"removed {removed.Count} old image tag(s)");
        return ExitCodes.Success;
    }

    private async Task<int> StatusAsync(CancellationToken cancellationToken)
    {
        var status = await images.GetStatusAsync(cancellationToken);
        ImageStatusTable.Print(status.Where(s => options.Names.Count == 0 || options.Names.Contains(s.Name)).ToList(), Console.Out);
        return status.All(s => s.IsReady) ? ExitCodes.Success : ExitCodes.ImagesMissing;
    }
}

internal static class ImageStatusTable
{
    public static void Print(IReadOnlyList<ImageStatus> status, TextWriter output)
    {
        foreach (var s in status)
        {
            var size = s.SizeBytes is { } bytes ? $"{bytes / 1e6:F0} MB" : "";
            var note = s.OnDemand ? "  (on demand: built when a cell needs it)" : "";
            output.WriteLine($"  {s.Name,-12} {s.State.ToString().ToLowerInvariant(),-8} {s.Tag,-32} {size}{note}");
        }
    }
}
