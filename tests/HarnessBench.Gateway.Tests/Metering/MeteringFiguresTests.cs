using System.Net.Http.Json;
using HarnessBench.Core.Results;
using HarnessBench.Gateway.Metering;
using HarnessBench.Gateway.Tests.Infrastructure;

namespace HarnessBench.Gateway.Tests.Metering;

/// <summary>
/// Figures that say what they are: tokens/s is generation speed (streamed requests only), a non-streamed
/// request's completion tokens over its whole time is an end-to-end throughput under its own name, and
/// every token count says whether the endpoint reported it or it is an estimate.
/// </summary>
public sealed class MeteringFiguresTests
{
    private static readonly RequestFingerprint NoFingerprint = new(0, []);

    [Fact]
    public void A_non_streamed_request_has_an_end_to_end_rate_and_no_generation_speed()
    {
        var time = new StepTime();
        var meter = new RequestMeter("openai", stream: false, NoFingerprint, time) { CompletionTokens = 100 };
        time.Advance(TimeSpan.FromSeconds(2)); // prefill, generation and transfer: one wait, one reply

        var request = meter.Finish();

        Assert.Null(request.TokensPerSecond);
        Assert.Equal(50, request.EndToEndTokensPerSecond!.Value, 6);
    }

    [Fact]
    public void A_streamed_request_has_a_generation_speed_from_first_to_last_token_and_no_end_to_end_rate()
    {
        var time = new StepTime();
        var meter = new RequestMeter("openai", stream: true, NoFingerprint, time) { CompletionTokens = 101 };
        time.Advance(TimeSpan.FromSeconds(5)); // prefill: not generation
        meter.Token();
        time.Advance(TimeSpan.FromSeconds(2));
        meter.Token();

        var request = meter.Finish();

        Assert.Equal(50, request.TokensPerSecond!.Value, 6); // 100 intervals in 2 s
        Assert.Null(request.EndToEndTokensPerSecond);
    }

    [Fact]
    public void A_cells_generation_speed_counts_streamed_requests_only_and_its_end_to_end_rate_the_others()
    {
        var time = new StepTime();
        var streamed = new RequestMeter("openai", stream: true, NoFingerprint, time) { CompletionTokens = 11, TokensSource = TokenSources.Usage };
        streamed.Token();
        time.Advance(TimeSpan.FromSeconds(1));
        streamed.Token();
        var unstreamed = new RequestMeter("openai", stream: false, NoFingerprint, time) { CompletionTokens = 400, TokensSource = TokenSources.Usage };
        time.Advance(TimeSpan.FromSeconds(4));

        var totals = CellMeter.Aggregate([streamed.Finish(), unstreamed.Finish()]).Totals;

        Assert.Equal(10, totals.TokensPerSecond);
        Assert.Equal(100, totals.EndToEndTokensPerSecond);
        Assert.Equal(TokenSources.Usage, totals.TokensSource);
        var bareLoop = CellMeter.Aggregate([unstreamed.Finish()]).Totals;
        Assert.Null(bareLoop.TokensPerSecond);
    }

    [Fact]
    public void The_cells_token_source_combines_its_answered_requests()
    {
        RequestMetering Request(string source, string? error = null) =>
            new("openai", false, 200, 1, 1, 0, 0, null, null, 1, 0, [], error) { TokensSource = source };

        Assert.Equal(TokenSources.Estimate, CellMeter.Aggregate([Request(TokenSources.Estimate), Request(TokenSources.Estimate)]).Totals.TokensSource);
        Assert.Equal(TokenSources.Mixed, CellMeter.Aggregate([Request(TokenSources.Usage), Request(TokenSources.None)]).Totals.TokensSource);
        // A failed request reports nothing, which says nothing about where the other counts came from.
        Assert.Equal(TokenSources.Usage, CellMeter.Aggregate([Request(TokenSources.Usage), Request(TokenSources.None, "http-5xx")]).Totals.TokensSource);
        Assert.Null(CellMeter.Aggregate([]).Totals.TokensSource);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_scripted_models_counts_are_marked_as_estimates(bool stream)
    {
        await using var gw = await GatewayFixture.StartAsync();
        var session = gw.OpenScripted("cell-estimate-" + stream, "steps:\n  - say: \"" + new string('x', 400) + "\"\n");
        using var response = await gw.Client.PostAsJsonAsync(GatewayFixture.Route(session, "v1/chat/completions"),
            new { model = "m", stream, messages = new[] { new { role = "user", content = "hi" } } });
        await response.Content.ReadAsStringAsync();

        var totals = gw.Gateway.Close(session).Totals;

        Assert.True(totals.CompletionTokens > 1);
        Assert.Equal(TokenSources.Estimate, totals.TokensSource);
        Assert.Equal(stream, totals.TokensPerSecond is not null);
        Assert.Equal(!stream, totals.EndToEndTokensPerSecond is not null);
    }

    /// <summary>A clock that moves only when told to.</summary>
    private sealed class StepTime : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
