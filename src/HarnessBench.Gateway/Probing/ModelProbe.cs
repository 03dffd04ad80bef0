namespace HarnessBench.Gateway.Probing;

/// <summary>
/// The probe: a calibration request sizes the long prompt from the server's own prompt_tokens, one
/// warm-up of each request is discarded, then each timed iteration runs the short prompt, the long
/// prompt (same output budget) and a 3-turn conversation. Prefill speed comes from the differential
/// method, (long prompt tokens - short prompt tokens) / (long total time - short total time), per
/// iteration, because a streamed first token can be flushed before prefill really ended.
/// </summary>
internal sealed class ModelProbe(ProbeClient client, ProbeSettings settings, TextWriter? progress = null)
{
    /// <summary>Characters per token assumed when the server reports no prompt_tokens.</summary>
    public const double FallbackCharsPerToken = 4;

    public async Task<ProbeResult> RunAsync(CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Iterations, 1);
        var notes = new List<string>();
        var (longChars, promptFromUsage) = await CalibrateAsync(settings.LongPromptTokens, notes, ct);
        var (conversationChars, _) = await CalibrateAsync(settings.ConversationPromptTokens, null, ct);

        Say("warm-up (discarded)");
        await client.SendAsync([new("user", ProsePrompt.Short(ProsePrompt.NewNonce()))], settings.OutputTokens, ct);
        await client.SendAsync([new("user", ProsePrompt.Long(ProsePrompt.NewNonce(), longChars))], settings.OutputTokens, ct);

        var shorts = new List<StreamSample>();
        var longs = new List<StreamSample>();
        var turns = new List<StreamSample>[3] { [], [], [] };
        for (int i = 1; i <= settings.Iterations; i++)
        {
            Say($"iteration {i}/{settings.Iterations}");
            shorts.Add((await client.SendAsync([new("user", ProsePrompt.Short(ProsePrompt.NewNonce()))], settings.OutputTokens, ct)).Sample);
            longs.Add((await client.SendAsync([new("user", ProsePrompt.Long(ProsePrompt.NewNonce(), longChars))], settings.OutputTokens, ct)).Sample);
            var conversation = new List<ProbeMessage> { new("user", ProsePrompt.Long(ProsePrompt.NewNonce(), conversationChars, "What is the first license above about?")) };
            for (int turn = 0; turn < 3; turn++)
            {
                ProbeReply reply = await client.SendAsync(conversation, settings.TurnOutputTokens, ct);
                turns[turn].Add(reply.Sample);
                if (turn < 2)
                {
                    conversation.Add(new("assistant", reply.Text.Length > 0 ? reply.Text : "(no text)"));
                    conversation.Add(new("user", ProsePrompt.FollowUps[turn]));
                }
            }
        }

        return Result(shorts, longs, turns, longChars, conversationChars, promptFromUsage, notes);
    }

    /// <summary>
    /// The prose length that makes a prompt of about <paramref name="tokens"/>: one max_tokens=1
    /// request at a 4-characters-per-token guess, then scaled by the server's reported prompt_tokens.
    /// </summary>
    private async Task<(int Chars, bool FromUsage)> CalibrateAsync(int tokens, List<string>? notes, CancellationToken ct)
    {
        Say($"calibrating a {tokens}-token prompt");
        int guess = (int)Math.Min(ProsePrompt.Text.Length, tokens * FallbackCharsPerToken);
        string prompt = ProsePrompt.Long(ProsePrompt.NewNonce(), guess);
        ProbeReply reply = await client.SendAsync([new("user", prompt)], 1, ct);
        if (reply.Sample.PromptTokens is not > 0)
        {
            notes?.Add("the server reports no prompt_tokens: prompt sizes are estimates at 4 characters per token");
            return (guess, false);
        }

        double charsPerToken = (double)prompt.Length / reply.Sample.PromptTokens.Value;
        int overhead = prompt.Length - ProsePrompt.Cut(guess).Length;
        int chars = (int)Math.Round(tokens * charsPerToken) - overhead;
        if (chars > ProsePrompt.Text.Length)
        {
            notes?.Add($"the shipped prose ({ProsePrompt.Text.Length} characters) makes only about {(int)(ProsePrompt.Text.Length / charsPerToken)} tokens with this tokenizer; the long prompt is that long");
        }

        return (Math.Clamp(chars, 1, ProsePrompt.Text.Length), true);
    }

    private ProbeResult Result(List<StreamSample> shorts, List<StreamSample> longs, List<StreamSample>[] turns, int longChars, int conversationChars, bool promptFromUsage, List<string> notes)
    {
        IEnumerable<StreamSample> all = [.. shorts, .. longs, .. turns.SelectMany(t => t)];
        bool outputFromUsage = all.All(s => s.OutputFromUsage);
        bool reasoning = all.Any(s => s.ReasoningChunks > 0 || s.ReasoningTokens > 0);
        bool cache = turns.SelectMany(t => t).Any(s => s.CachedTokens is not null);
        double PromptTokens(StreamSample s, int proseChars) => s.PromptTokens ?? (proseChars + 200) / FallbackCharsPerToken;
        var figures = new List<ProbeFigure>();
        void Add(string key, string label, string unit, IEnumerable<double?> values)
        {
            var summary = Summary.Of(values);
            if (summary.Count > 0)
            {
                figures.Add(new ProbeFigure(key, label, unit, summary));
            }
        }

        foreach (var (name, samples) in new[] { ("short", shorts), ("long", longs) })
        {
            Add($"{name}.generation_tps", $"generation, {name} prompt", "tok/s", samples.Select(s => s.GenerationTokensPerSecond));
            Add($"{name}.ttft_ms", $"time to first content token, {name}", "ms", samples.Select(s => s.TtftMs));
            Add($"{name}.ttfr_ms", $"time to first reasoning token, {name}", "ms", samples.Select(s => s.TtfrMs));
            Add($"{name}.total_ms", $"total time, {name} prompt", "ms", samples.Select(s => (double?)s.TotalMs));
            Add($"{name}.output_tokens", $"output tokens, {name} prompt", "tok", samples.Select(s => (double?)s.OutputTokens));
        }

        var prefill = shorts.Zip(longs, (s, l) =>
        {
            double tokens = PromptTokens(l, longChars) - PromptTokens(s, 0);
            double seconds = (l.TotalMs - s.TotalMs) / 1000;
            return seconds > 0 ? tokens / seconds : (double?)null;
        }).ToList();
        Add("prefill_tps", "prefill (differential: long - short)", "tok/s", prefill);
        if (prefill.Any(p => p is null))
        {
            notes.Add($"{prefill.Count(p => p is null)} iteration(s) had no longer total time on the long prompt than on the short one: no prefill figure from them");
        }

        if (shorts.Select(s => s.OutputTokens).Concat(longs.Select(l => l.OutputTokens)).Distinct().Count() > 1)
        {
            notes.Add("the short and long answers had different output token counts (the model stopped early): the differential prefill figure mixes in generation time");
        }

        for (int turn = 0; turn < 3; turn++)
        {
            Add($"turn{turn + 1}.ttft_ms", $"conversation turn {turn + 1}: time to first content token", "ms", turns[turn].Select(s => s.TtftMs));
            Add($"turn{turn + 1}.cached_share", $"conversation turn {turn + 1}: cached prompt share", "%", turns[turn].Select(s => s.CachedShare * 100));
        }

        if (!outputFromUsage)
        {
            notes.Add("the server reported no completion_tokens for some answers: output tokens are counted stream chunks");
        }

        if (!cache)
        {
            notes.Add("cached prompt tokens: not reported by the server");
        }

        return new ProbeResult(client.Endpoint.Model, client.Endpoint.Anthropic ? "anthropic messages" : "openai chat completions",
            ThinkingParameters.Describe(client.Endpoint.Thinking, client.Endpoint.Style, client.Endpoint.Anthropic),
            client.Endpoint.IgnoreEos && !client.Endpoint.Anthropic, settings,
            outputFromUsage ? "usage" : "counted chunks", promptFromUsage ? "usage" : "estimated (4 characters per token)",
            shorts.Average(s => PromptTokens(s, 0)), longs.Average(l => PromptTokens(l, longChars)),
            turns[0].Average(s => PromptTokens(s, conversationChars)), reasoning, cache, figures, notes,
            [.. Requests("short", shorts), .. Requests("long", longs), .. turns.SelectMany((t, i) => Requests($"turn{i + 1}", t))]);
    }

    private static IEnumerable<ProbeRequest> Requests(string scenario, List<StreamSample> samples) =>
        samples.Select((s, i) => new ProbeRequest(scenario, i + 1, s));

    private void Say(string what) => progress?.WriteLine($"probe: {what}");
}
