using HarnessBench.Core.Config;
using HarnessBench.Core.Pipeline;
using HarnessBench.Core.Results;
using HarnessBench.Core.Runtime;
using HarnessBench.Gateway.Metering;

namespace HarnessBench.Gateway.Sessions;

/// <summary>
/// The pipeline's model seam on the gateway: per cell a session, the socket directory mounted
/// read-only at /run/hbench, the socat relay before the agent, and the HB_* variables harnesses use.
/// </summary>
/// <param name="scriptBaseDirectory">bench.yaml's directory: scripted models' script paths are relative to it.</param>
internal sealed class GatewayModelAccess(ModelGateway gateway, string scriptBaseDirectory) : IModelAccess
{
    public Task<ModelSession?> OpenAsync(CellWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ModelSpec model = work.Cell.Model;
        if (model.Kind == ModelKinds.None)
        {
            return Task.FromResult<ModelSession?>(null);
        }

        string socketDirectory = gateway.Options.SocketDirectory
            ?? throw new InvalidOperationException("the model gateway has no unix socket to mount into agent containers");
        var task = work.Cell.Task;
        var context = new CellContext(task.Id, task.Prompt, Directory.Exists(task.SolutionDirectory) ? task.SolutionDirectory : null,
            work.Paths.Transcript, scriptBaseDirectory);
        CellModelSession session = gateway.Open(work.Cell.Id.Value, model, context) with
        {
            TranscriptRelativePath = Path.GetRelativePath(work.Paths.RunDirectory, context.TranscriptPath!).Replace('\\', '/'),
        };
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HB_OPENAI_BASE_URL"] = session.OpenAiBaseUrl,
            ["HB_ANTHROPIC_BASE_URL"] = session.AnthropicBaseUrl,
            ["HB_MODEL"] = session.ModelName,
        };
        return Task.FromResult<ModelSession?>(new ModelSession(session, environment,
            [new BindMount(socketDirectory, GatewayOptions.ContainerMountPath, ReadOnly: true)], GatewayOptions.RelayScript())
        {
            Host = gateway.Options.SocketPath is { } socket ? new HostModelEndpoint(socket, session.PathPrefix + "/v1", session.ModelName) : null,
        });
    }

    public ModelMetering Close(ModelSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var cell = (CellModelSession)session.Handle;
        CellMetering metering = gateway.Close(cell);
        // No transcript when the harness never called the model (e.g. the built-in oracle and nop).
        return metering.ToResult(metering.Totals.Requests > 0 ? cell.TranscriptRelativePath : null);
    }
}
