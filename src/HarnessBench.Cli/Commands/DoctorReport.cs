using System.Text.Json;

namespace HarnessBench.Cli.Commands;

/// <summary>
/// What `hbench doctor` found, section by section: each line ok, a problem (with the command that
/// fixes it) or a note. Printed as the familiar screen, or with --json as one document.
/// </summary>
internal sealed class DoctorReport
{
    private readonly List<SectionItems> _sections = [];

    public int Problems => _sections.Sum(s => s.Items.Count(i => i.Status == "problem"));

    public void Section(string name) => _sections.Add(new SectionItems(name, []));

    public void Ok(string detail) => Add("ok", detail, null);

    public void Problem(string detail, string? fix = null) => Add("problem", detail, fix);

    public void Note(string detail, string? fix = null) => Add("note", detail, fix);

    /// <summary>An unlabelled line (a table row) of the current section.</summary>
    public void Line(string detail) => Add("info", detail, null);

    private void Add(string status, string detail, string? fix)
    {
        if (_sections.Count == 0) Section("");
        _sections[^1].Items.Add(new Item(status, detail, fix));
    }

    public void WriteText(TextWriter output)
    {
        foreach (var section in _sections)
        {
            if (section.Name.Length > 0) output.WriteLine(section.Name);
            foreach (var item in section.Items)
            {
                var label = item.Status switch { "ok" => "ok", "problem" => "PROBLEM", "note" => "note", _ => null };
                var detail = item.Detail.Replace("\n", "\n           ", StringComparison.Ordinal);
                output.WriteLine(label is null ? detail : $"  {label,-8} {detail}");
                if (item.Fix is not null) output.WriteLine($"  fix:     {item.Fix}");
            }
        }

        output.WriteLine(Problems == 0 ? "ready: `./hbench run` can start" : $"{Problems} problem(s); run the fix commands above");
    }

    public string Json() => JsonSerializer.Serialize(new
    {
        ready = Problems == 0,
        problems = Problems,
        sections = _sections.Select(s => new
        {
            name = s.Name,
            // Table rows are aligned for the screen; JSON gets them with single spaces.
            items = s.Items.Select(i => new { status = i.Status, detail = string.Join(' ', i.Detail.Split(' ', StringSplitOptions.RemoveEmptyEntries)), fix = i.Fix }),
        }),
    });

    private sealed record SectionItems(string Name, List<Item> Items);

    private sealed record Item(string Status, string Detail, string? Fix);
}
