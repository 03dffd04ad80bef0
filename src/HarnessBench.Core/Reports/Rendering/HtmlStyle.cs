namespace HarnessBench.Core.Reports.Rendering;

/// <summary>The report's inline stylesheet: system fonts, compact tables, print rules.</summary>
internal static class HtmlStyle
{
    public const string Css = """

:root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa; --accent: #0969da; --hi: #cf222e; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: var(--ink); font: 14px/1.45 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 28px 40px; }
h1 { font-size: 26px; margin: 0 0 10px; }
h2 { font-size: 20px; margin: 30px 0 10px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 14px; margin: 16px 0 6px; color: var(--muted); font-weight: 600; }
header { background: var(--soft); border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; }
.facts { list-style: none; margin: 0; padding: 0; columns: 2; column-gap: 32px; }
.facts li { margin: 2px 0; break-inside: avoid; overflow-wrap: anywhere; }
nav { margin-top: 12px; display: flex; flex-wrap: wrap; gap: 6px 14px; }
nav a { color: var(--accent); text-decoration: none; font-weight: 600; }
p { max-width: 980px; color: var(--ink); }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--soft); padding: 1px 4px; border-radius: 4px; }
.table { overflow-x: auto; max-width: 100%; min-width: 0; }
table { border-collapse: collapse; margin: 4px 0 12px; font-size: 13px; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: var(--soft); font-weight: 600; border-top: 1px solid var(--line); cursor: pointer; }
th[data-order=desc]::after { content: " \25BE"; } th[data-order=asc]::after { content: " \25B4"; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td a { color: var(--accent); text-decoration: none; }
tbody tr:nth-child(even) td:not([style]) { background: #fbfcfd; }
.none { color: var(--muted); font-style: italic; }
.row { display: flex; flex-wrap: wrap; gap: 8px 28px; align-items: flex-start; }
figure { margin: 8px 0 4px; flex: 0 1 620px; }
figcaption { color: var(--muted); font-size: 12px; }
svg.plot { width: 100%; max-width: 620px; height: auto; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
svg .grid { stroke: #eaeef2; stroke-width: 1; }
svg .frame { stroke: #8c959f; stroke-width: 1; }
svg .axis { fill: var(--muted); font-size: 11px; }
svg .label { fill: var(--ink); font-size: 12px; }
svg .pt { fill: #8c959f; fill-opacity: .8; stroke: #fff; stroke-width: 1; }
svg .pt.hi { fill: var(--hi); fill-opacity: 1; }
svg .pl { fill: var(--ink); font-size: 11px; }
svg .frontier { fill: none; stroke: var(--hi); stroke-width: 1.5; stroke-dasharray: 5 3; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
@media (max-width: 800px) { .facts { columns: 1; } main { padding: 12px; } }
@media print {
  main { max-width: none; padding: 0; }
  nav { display: none; }
  header { border: none; background: none; padding: 0; }
  section, figure, .table { break-inside: avoid; }
  th, td { padding: 3px 6px; }
  .table { overflow: visible; }
}

""";
}
