using HarnessBench.Gateway.Probing;

namespace HarnessBench.Gateway.Tests.Probing;

/// <summary>What counts as the first token: role-only chunks, keep-alives and empty deltas do not.</summary>
public sealed class StreamTimelineTests
{
    private static StreamTimeline Feed(params (string Line, long At)[] lines)
    {
        var timeline = new StreamTimeline();
        foreach (var (line, at) in lines)
        {
            timeline.Line(line, at);
        }

        return timeline;
    }

    [Fact]
    public void Role_only_chunk_keep_alive_and_empty_content_are_not_the_first_token()
    {
        var t = Feed(
            ("""data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}""", 10),
            (": keep-alive", 20),
            ("", 21),
            ("""data: {"choices":[{"index":0,"delta":{"content":""}}]}""", 30),
            ("""data: {"choices":[{"index":0,"delta":{}}]}""", 35),
            ("""data: {"choices":[{"index":0,"delta":{"content":"Hel"}}]}""", 40),
            ("""data: {"choices":[{"index":0,"delta":{"content":"lo"}}]}""", 50),
            ("""data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""", 60),
            ("""data: {"choices":[],"usage":{"prompt_tokens":70,"completion_tokens":2,"prompt_tokens_details":{"cached_tokens":64}}}""", 61),
            ("data: [DONE]", 62));

        Assert.Equal(40, t.FirstContentAt);
        Assert.Equal(40, t.FirstTokenAt);
        Assert.Equal(50, t.LastTokenAt);
        Assert.Equal(2, t.ContentChunks);
        Assert.Null(t.FirstReasoningAt);
        Assert.Equal(70, t.PromptTokens);
        Assert.Equal(2, t.CompletionTokens);
        Assert.Equal(64, t.CachedTokens);
        Assert.True(t.Finished);
    }

    [Fact]
    public void Reasoning_first_is_timed_separately_from_the_first_content_token()
    {
        var t = Feed(
            ("""data: {"choices":[{"delta":{"role":"assistant"}}]}""", 5),
            ("""data: {"choices":[{"delta":{"reasoning_content":"Let me think"}}]}""", 100),
            ("""data: {"choices":[{"delta":{"reasoning":" more"}}]}""", 110),
            ("""data: {"choices":[{"delta":{"content":"Answer"}}]}""", 300),
            ("""data: {"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":3,"completion_tokens_details":{"reasoning_tokens":2}}}""", 301));

        Assert.Equal(100, t.FirstReasoningAt);
        Assert.Equal(300, t.FirstContentAt);
        Assert.Equal(100, t.FirstTokenAt);
        Assert.Equal(300, t.LastTokenAt);
        Assert.Equal(2, t.ReasoningChunks);
        Assert.Equal(1, t.ContentChunks);
        Assert.Equal(2, t.ReasoningTokens);
        Assert.Null(t.CachedTokens);
    }

    [Fact]
    public void Anthropic_events_give_thinking_text_and_usage_including_the_cache()
    {
        var t = Feed(
            ("event: message_start", 1),
            ("""data: {"type":"message_start","message":{"usage":{"input_tokens":10,"cache_read_input_tokens":90,"cache_creation_input_tokens":0,"output_tokens":1}}}""", 1),
            (": ping", 2),
            ("""data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}""", 3),
            ("""data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"hmm"}}""", 50),
            ("""data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":""}}""", 60),
            ("""data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Hi"}}""", 80),
            ("""data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":7}}""", 90),
            ("""data: {"type":"message_stop"}""", 91));

        Assert.Equal(50, t.FirstReasoningAt);
        Assert.Equal(80, t.FirstContentAt);
        Assert.Equal(100, t.PromptTokens);
        Assert.Equal(90, t.CachedTokens);
        Assert.Equal(7, t.CompletionTokens);
        Assert.True(t.Finished);
    }

    [Fact]
    public void Error_event_is_kept_and_no_usage_leaves_counts_unreported()
    {
        var t = Feed(
            ("""data: {"choices":[{"delta":{"content":"a"}}]}""", 1),
            ("""data: {"error":{"message":"context length exceeded"}}""", 2));

        Assert.Equal("context length exceeded", t.Error);
        Assert.Null(t.PromptTokens);
        Assert.Null(t.CompletionTokens);
        Assert.False(t.Finished);
    }

    [Fact]
    public void Sample_generation_rate_counts_intervals_between_tokens_and_falls_back_to_chunks()
    {
        var t = Feed(
            ("""data: {"choices":[{"delta":{"content":"a"}}]}""", 1000),
            ("""data: {"choices":[{"delta":{"content":"b"}}]}""", 1500),
            ("""data: {"choices":[{"delta":{"content":"c"}}]}""", 2000),
            ("data: [DONE]", 2100));

        StreamSample sample = StreamSample.From(t, 0, 2100, (a, b) => b - a);

        // 3 tokens, 2 intervals over 1000 ms: 2 tokens/s (not 3).
        Assert.Equal(2.0, sample.GenerationTokensPerSecond);
        Assert.False(sample.OutputFromUsage);
        Assert.Equal(3, sample.OutputTokens);
        Assert.Equal(1000, sample.TtftMs);
        Assert.Equal(2100, sample.TotalMs);
        Assert.Null(sample.CachedShare);
    }
}
