using System.CommandLine;
using System.Diagnostics;
using HarnessBench.Cli.Hosting;
using HarnessBench.Core.Tasks;
using HarnessBench.Docker.Images;

namespace HarnessBench.Cli.Commands;

/// <summary>
/// `hbench images build --tasks [DIR]`: builds the own images of the tasks in DIR (default tasks/):
/// environment/Dockerfile on its toolchain, or combined toolchains. Content-hashed and cached like every
/// image; the first cell of such a task would otherwise build it. A task whose image cannot be built
/// here is reported unavailable with the build's reason, and the others are still built.
/// </summary>
internal static class TaskImagesBuild
{
    public static Option<string?> Option { get; } = new("--tasks")
    {
        Description = "Also build the tasks' own images (environment/Dockerfile, combined toolchains) of this tasks folder (default: tasks/).",
        Arity = ArgumentArity.ZeroOrOne,
    };

    /// <summary>The folder `--tasks` names, tasks/ when it is given bare, null when it is absent.</summary>
    public static string? Read(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return parse.GetResult(Option) is null ? null : parse.GetValue(Option) ?? Path.Combine(HomeDirectory.Find(), "tasks");
    }

    public static async Task<int> RunAsync(ImagePipeline images, string directory, TextWriter output, CancellationToken cancellationToken)
    {
        var load = TaskRepository.Load(directory, images.Catalog.ToolchainNames);
        foreach (var error in load.Errors) output.WriteLine($"skipped: {error}");
        var own = load.Tasks.Where(t => t.HasOwnImage).ToList();
        if (own.Count == 0)
        {
            output.WriteLine($"no task in {directory} has its own image (environment/Dockerfile or combined toolchains)");
            return ExitCodes.Success;
        }

        var unavailable = 0;
        foreach (var task in own)
        {
            var clock = Stopwatch.StartNew();
            var spec = TaskImageSpec.From(task);
            var existed = await images.IsPresentAsync(images.TaskImage(spec), cancellationToken);
            try
            {
                var image = await images.EnsureTaskImageAsync(spec, new LineProgress(output), cancellationToken);
                output.WriteLine($"{task.Id,-28} {image.Tag,-44} {(existed ? "up to date" : $"built in {clock.Elapsed.TotalSeconds:F1}s")}");
            }
            catch (ImageBuildException ex)
            {
                unavailable++;
                output.WriteLine($"{task.Id,-28} unavailable here: {TaskImages.UnavailableMessage(task.Id, ex.Message)}");
            }
        }

        output.WriteLine($"{own.Count - unavailable} task image(s) ready, {unavailable} unavailable here");
        return ExitCodes.Success;
    }
}
