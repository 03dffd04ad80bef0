using HarnessBench.Docker;
using HarnessBench.Docker.Images;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HarnessBench.Cli.Hosting;

/// <summary>A command's work, run by <see cref="HostedCommandService"/> inside the Generic Host.</summary>
internal interface IHostedCommand
{
    /// <summary>Runs to completion; cancellation means Ctrl-C. Returns an <see cref="ExitCodes"/> value.</summary>
    Task<int> RunAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Thin hosted service: runs the command, keeps its exit code, stops the host. The host owns the
/// Docker client, the runtime and the result store, and disposes them in order.
/// </summary>
internal sealed class HostedCommandService(IHostedCommand command, CommandExitCode exit, IHostApplicationLifetime lifetime, CommandContext context)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            exit.Value = await command.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            exit.Value = ExitCodes.Interrupted;
        }
        catch (DockerException e)
        {
            // Broken infrastructure: the message already says what happened and how to fix it.
            Console.Error.WriteLine(e.Message);
            exit.Value = ExitCodes.EngineUnavailable;
        }
        catch (ImageBuildException e)
        {
            Console.Error.WriteLine(e.Message);
            exit.Value = ExitCodes.ImagesMissing;
        }
        catch (HarnessDefinitionsInvalidException e)
        {
            exit.Value = Commands.ConfigErrorsOutput.Print(e.Errors, e.Directory);
        }
#pragma warning disable CA1031 // The last line of defence: no failure may end without a message.
        catch (Exception e)
#pragma warning restore CA1031
        {
            exit.Value = Unexpected(e, context);
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    /// <summary>A failure nothing else handled: what failed, where the files are (IO), and how to get the details.</summary>
    public static int Unexpected(Exception e, CommandContext context)
    {
        var io = e is IOException or UnauthorizedAccessException;
        Console.Error.WriteLine($"hbench {context.Name}: {(io ? "a file operation failed" : "unexpected error")}: {e.GetType().Name}: {e.Message}");
        Console.Error.WriteLine(io
            ? "Fix: check that the path above exists and is writable (disk full? permissions?), then run the same command again."
            : "This is a bug in hbench; finished results are kept. " + (context.Verbose ? "Details:" : "Run again with -v for the details, and report them."));
        if (context.Verbose) Console.Error.WriteLine(e);
        return io ? ExitCodes.Usage : ExitCodes.InternalError;
    }
}

/// <summary>The command's name and whether -v was given (for the last-resort error message).</summary>
internal sealed record CommandContext(string Name, bool Verbose);

/// <summary>Where the hosted command leaves its exit code for Main.</summary>
internal sealed class CommandExitCode
{
    public int Value { get; set; } = ExitCodes.InternalError;
}

internal static class CommandHost
{
    /// <summary>Builds a host around <typeparamref name="TCommand"/> and runs it; returns its exit code.</summary>
    public static async Task<int> RunAsync<TCommand>(string runId, bool verbose, Action<IServiceCollection> configure)
        where TCommand : class, IHostedCommand
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddCliLogging(verbose);
        builder.Services.AddHarnessBench(runId);
        builder.Services.AddSingleton<IHostLifetime, SignalLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(90));
        builder.Services.AddSingleton<CommandExitCode>();
        builder.Services.AddSingleton(new CommandContext(runId, verbose));
        builder.Services.AddSingleton<IHostedCommand, TCommand>();
        builder.Services.AddHostedService<HostedCommandService>();
        configure(builder.Services);
        using var host = builder.Build();
        var exit = host.Services.GetRequiredService<CommandExitCode>();
        try
        {
            await host.RunAsync();
        }
        catch (Exception e) when (e is DockerException or ImageBuildException)
        {
            // Raised while composing services (e.g. an image recipe missing): same messages as at run time.
            Console.Error.WriteLine(e.Message);
            return e is DockerException ? ExitCodes.EngineUnavailable : ExitCodes.ImagesMissing;
        }
        catch (HarnessDefinitionsInvalidException e)
        {
            // Raised while composing the command's services: the harness registry is one of them.
            return Commands.ConfigErrorsOutput.Print(e.Errors, e.Directory);
        }
#pragma warning disable CA1031 // The last line of defence: no failure may end without a message.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return HostedCommandService.Unexpected(e, new CommandContext(runId, verbose));
        }

        return exit.Value;
    }
}
