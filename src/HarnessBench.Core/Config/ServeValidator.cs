namespace HarnessBench.Core.Config;

/// <summary>Phase two for a model's `serve:` mapping: command, readiness URL, timeout, stop signal, env, workdir.</summary>
internal static class ServeValidator
{
    private const string Example = "e.g. serve: { command: [llama-server, -m, model.gguf, --port, \"8080\"], ready_url: http://127.0.0.1:8080/health }";

    public static ModelServe? Validate(YNode node, string baseDirectory, ConfigErrors errors)
    {
        if (node is not YMapping map)
        {
            errors.Add(node.At, $"'serve' must be a mapping, not {node.Kind}", Example);
            return null;
        }
        var before = errors.Count;
        var r = new MapReader(map, ["command", "ready_url", "startup_timeout", "stop_signal", "env", "workdir"], errors, "serve");
        var command = Command(r, map, errors);
        Uri? readyUrl = null;
        if (r.Scalar("ready_url", required: true, "add 'ready_url: http://127.0.0.1:8080/health' (polled until the server answers)") is { } url)
        {
            if (Uri.TryCreate(url.Value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                readyUrl = uri;
            else
                errors.Add(url.At, $"ready_url '{url.Value}' is not an http(s) URL", "e.g. http://127.0.0.1:8080/health");
        }
        var timeout = ScalarReader.Duration(r.Scalar("startup_timeout"), "startup_timeout", errors) ?? ModelServe.DefaultStartupTimeout;
        var signal = "SIGTERM";
        if (r.Scalar("stop_signal") is { } s)
        {
            var normalized = s.Value.Trim().ToUpperInvariant();
            if (!normalized.StartsWith("SIG", StringComparison.Ordinal)) normalized = "SIG" + normalized;
            if (ModelServe.Signals.Contains(normalized)) signal = normalized;
            else errors.Add(s.At, $"stop_signal '{s.Value}' is not supported", $"use one of: {string.Join(", ", ModelServe.Signals)}");
        }
        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (r.Mapping("env", "e.g. env: { CUDA_VISIBLE_DEVICES: \"0\" }") is { } env)
        {
            foreach (var (key, value) in env.Entries)
            {
                if (value is YScalar scalar) environment[key.Value] = scalar.Value;
                else errors.Add(value.At, $"env '{key.Value}' must be a single value, not {value.Kind}");
            }
        }
        string? workdir = null;
        if (ScalarReader.Text(r.Scalar("workdir"), "workdir", errors) is { } dir)
        {
            workdir = Path.GetFullPath(Path.Combine(baseDirectory, dir));
            if (!Directory.Exists(workdir))
            {
                errors.Add(r.Node("workdir")!.At, $"serve workdir '{dir}' does not exist", "paths are relative to bench.yaml's directory");
            }
        }
        return errors.Count != before || command is null || readyUrl is null
            ? null
            : new ModelServe(command, readyUrl, timeout, signal, environment, workdir);
    }

    private static List<string>? Command(MapReader r, YMapping map, ConfigErrors errors)
    {
        switch (r.Node("command"))
        {
            case null:
                errors.Add(map.At, "serve has no command", Example);
                return null;
            case YScalar text when !string.IsNullOrWhiteSpace(text.Value):
                return ["/bin/sh", "-c", text.Value];
            case YSequence { Items.Count: > 0 } items:
                var argv = new List<string>();
                foreach (var item in items.Items)
                {
                    if (item is YScalar { IsNull: false } arg) argv.Add(arg.Value);
                    else errors.Add(item.At, $"items of 'command' must be single values, not {item.Kind}", "quote numbers and flags, e.g. \"8080\"");
                }
                return argv.Count == items.Items.Count ? argv : null;
            case var other:
                errors.Add(other.At, $"'command' must be a list of arguments or one shell command line, not {other.Kind}", Example);
                return null;
        }
    }
}
