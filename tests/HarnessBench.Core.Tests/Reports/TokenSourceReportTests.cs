using HarnessBench.Core.Reports;
using HarnessBench.Core.Reports.Rendering;
using HarnessBench.Core.Results;

namespace HarnessBench.Core.Tests.Reports;

/// <summary>Token counts that are estimates (the scripted model's characters / 4) are shown as estimates, never as metered.</summary>
public class TokenSourceReportTests
{
    private static CellMetering Metering(string? source, long prompt = 12_000, long completion = 3_000) =>
        new(prompt, completion, null, 2, null, null, null) { TokensSource = source };

    private static ReportInput Input(string? sourceA, string? sourceB) => ReportCells.Input(
        ReportCells.Cell("scripted", "pi", "t1", Verdict.Pass, metering: Metering(sourceA)),
        ReportCells.Cell("scripted", "pi", "t2", Verdict.Fail, metering: Metering(sourceA)),
        ReportCells.Cell("real", "pi", "t1", Verdict.Pass, metering: Metering(sourceB)),
        ReportCells.Cell("real", "pi", "t2", Verdict.Pass, metering: Metering(sourceB)));

    [Fact]
    public void Estimated_token_figures_are_marked_and_explained_and_metered_ones_are_not()
    {
        var markdown = MarkdownReport.Render(ReportLayout.Layout(ReportBuilder.Build(Input(TokenSources.Estimate, TokenSources.Usage))));

        var leaderboard = markdown.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal) && l.Contains("| pi |", StringComparison.Ordinal)).ToList();
        Assert.Contains(leaderboard, l => l.Contains("| scripted | pi |", StringComparison.Ordinal) && l.Contains("| ~15.0k |", StringComparison.Ordinal));
        Assert.Contains(leaderboard, l => l.Contains("| real | pi |", StringComparison.Ordinal) && l.Contains("| 15.0k |", StringComparison.Ordinal));
        Assert.DoesNotContain(leaderboard, l => l.Contains("| real | pi |", StringComparison.Ordinal) && l.Contains('~', StringComparison.Ordinal));
        Assert.Contains("**Token counts:** estimates in 2 of 4 metered cells (marked ~)", markdown, StringComparison.Ordinal);
        Assert.Contains("Token figures marked ~ (and costs computed from them) are estimates", markdown, StringComparison.Ordinal);
        // The speed section marks the same pair's prompt and completion tokens.
        Assert.Contains("| scripted | pi | 2 | 2.0 | ~12.0k | ~3000 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| real | pi | 2 | 2.0 | 12.0k | 3000 |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Cells_that_asked_the_model_nothing_are_not_counted_as_metered()
    {
        // An oracle cell under a scripted model carries an empty metering (no requests, no source).
        var input = ReportCells.Input(
            ReportCells.Cell("scripted", "pi", "t1", Verdict.Pass, metering: Metering(TokenSources.Estimate)),
            ReportCells.Cell("scripted", "oracle", "t1", Verdict.Pass, metering: new CellMetering(0, 0, 0, 0, null, null, null)));

        var markdown = MarkdownReport.Render(ReportLayout.Layout(ReportBuilder.Build(input)));

        Assert.Contains("**Token counts:** estimates in all 1 metered cells (marked ~)", markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TokenSources.Usage)]
    [InlineData(null)] // lines written before the field existed: unknown, not claimed either way
    public void A_run_without_estimates_has_no_marks_or_note(string? source)
    {
        var markdown = MarkdownReport.Render(ReportLayout.Layout(ReportBuilder.Build(Input(source, source))));

        Assert.DoesNotContain("~", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Token counts:", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Cells_csv_carries_each_cells_token_source_and_end_to_end_rate()
    {
        var cell = ReportCells.Cell("m", "bare", "t", Verdict.Pass,
            metering: Metering(TokenSources.Estimate) with { EndToEndTokensPerSecond = 1234.5 });

        var lines = CsvReport.Render([cell]).Split("\r\n");

        var columns = CsvReport.Columns.ToList();
        var row = lines[1].Split(',');
        Assert.Equal("estimate", row[columns.IndexOf("tokens_source")]);
        Assert.Equal("1234.5", row[columns.IndexOf("end_to_end_tokens_per_second")]);
        Assert.Equal("", row[columns.IndexOf("tokens_per_second")]);
    }

    [Fact]
    public void The_token_source_is_read_from_result_lines()
    {
        var line = ResultJson.Serialize(Results.JsonlResultStoreTests.Sample("c1") with
        {
            Metering = new ModelMetering(2, 100, 20, 0, 0, null, null, 5, new Dictionary<string, int>(), null, 0, 0, [], null)
            {
                TokensSource = TokenSources.Estimate,
                EndToEndTokensPerSecond = 88.5,
            },
        });

        var (_, extras, error) = ResultLineParser.Parse(line);

        Assert.Null(error);
        Assert.Equal(TokenSources.Estimate, extras!.Metering!.TokensSource);
        Assert.Equal(88.5, extras.Metering.EndToEndTokensPerSecond);
        Assert.True(extras.Metering.Estimated);
    }
}
