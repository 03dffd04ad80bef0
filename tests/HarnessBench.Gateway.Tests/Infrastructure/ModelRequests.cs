using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using HarnessBench.Gateway.Sessions;

namespace HarnessBench.Gateway.Tests.Infrastructure;

/// <summary>Posts model requests through the gateway the way the CLIs do and assembles the reply.</summary>
internal static class ModelRequests
{
    public static bool IsAnthropic(JsonObject body) => body["system"] is not null || body["tools"]?[0]?["input_schema"] is not null;

    public static async Task<Reply> SendAsync(HttpClient client, CellModelSession session, JsonObject body)
    {
        bool anthropic = IsAnthropic(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, GatewayFixture.Route(session, anthropic ? "v1/messages?beta=true" : "v1/chat/completions"))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation(anthropic ? "x-api-key" : "Authorization", anthropic ? "sk-client-key" : "Bearer sk-client-key");
        using HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        if ((bool?)body["stream"] == true)
        {
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
            List<SseEvent> events = await reader.AllAsync();
            return anthropic ? Reply.FromAnthropicStream(events) : Reply.FromOpenAiStream(events);
        }

        var json = (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return anthropic ? Reply.FromAnthropicJson(json) : Reply.FromOpenAiJson(json);
    }
}
