using System.Text.Json;
using System.Text.Json.Serialization;
using HarnessBench.Cli.Commands;

namespace HarnessBench.Cli.Rendering;

/// <summary>`hbench report --json`: the report model (every figure of report.md) with the paths of the files written.</summary>
internal static class ReportJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // A rate over zero cells or an undefined ratio is NaN in the model; JSON has no NaN, so they are named.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static string Serialize(ReportPaths paths) => JsonSerializer.Serialize(new
    {
        files = new { markdown = Path.GetFullPath(paths.Markdown), html = Path.GetFullPath(paths.Html), csv = Path.GetFullPath(paths.Csv) },
        report = paths.Model,
    }, Options);
}
