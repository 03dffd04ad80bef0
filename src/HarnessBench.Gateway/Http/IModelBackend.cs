namespace HarnessBench.Gateway.Http;

/// <summary>Serves model requests for one cell: the scripted model or an upstream endpoint.</summary>
internal interface IModelBackend
{
    /// <summary>Answers one request, writing to the client and recording usage and errors on the call's meter.</summary>
    Task HandleAsync(ModelCall call);
}
