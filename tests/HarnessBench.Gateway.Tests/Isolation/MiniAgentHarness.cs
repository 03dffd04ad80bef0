using HarnessBench.Core.Harnesses;

namespace HarnessBench.Gateway.Tests.Isolation;

/// <summary>
/// A minimal tool-calling agent in python3 (the toolchain image has it): it talks to the model at
/// HB_OPENAI_BASE_URL with a `bash` and a `write` tool until the model answers with text, exactly
/// as a harness CLI would. Exit 3 when the endpoint fails.
/// </summary>
internal sealed class MiniAgentHarness : IHarness
{
    private const string Agent = """
        import json, os, subprocess, sys, urllib.error, urllib.request
        base, model = os.environ["HB_OPENAI_BASE_URL"], os.environ["HB_MODEL"]
        tools = [
            {"type": "function", "function": {"name": "bash", "parameters": {"type": "object", "properties": {"command": {"type": "string"}}, "required": ["command"]}}},
            {"type": "function", "function": {"name": "write", "parameters": {"type": "object", "properties": {"path": {"type": "string"}, "content": {"type": "string"}}, "required": ["path", "content"]}}},
        ]
        messages = [{"role": "system", "content": "You are a mini agent."}, {"role": "user", "content": os.environ.get("HB_TASK_ID", "")}]
        for turn in range(30):
            body = json.dumps({"model": model, "messages": messages, "tools": tools, "stream": False}).encode()
            request = urllib.request.Request(base + "/chat/completions", data=body, headers={"Content-Type": "application/json"})
            try:
                reply = json.load(urllib.request.urlopen(request, timeout=60))
            except urllib.error.HTTPError as e:
                print("HTTP", e.code); sys.exit(3)
            message = reply["choices"][0]["message"]
            messages.append(message)
            if not message.get("tool_calls"):
                print("FINAL", message.get("content")); break
            for call in message["tool_calls"]:
                args = json.loads(call["function"]["arguments"])
                if call["function"]["name"] == "write":
                    os.makedirs(os.path.dirname(args["path"]), exist_ok=True)
                    with open(args["path"], "w") as f:
                        f.write(args["content"])
                    out = "written"
                else:
                    run = subprocess.run(args["command"], shell=True, capture_output=True, text=True)
                    out = run.stdout + run.stderr
                print("TOOL", call["function"]["name"], json.dumps(args)[:120])
                messages.append({"role": "tool", "tool_call_id": call["id"], "content": out})
        """;

    public string Name => "mini-agent";

    public string? Version => "1";

    public HarnessInvocation CreateInvocation(HarnessContext context) => new(["python3", "-c", Agent]);
}
