using System.Security.Cryptography;
using System.Text;

namespace HarnessBench.Cli.Viewer;

/// <summary>
/// The viewer's only stylesheet and script, inlined in every page (works offline, nothing fetched).
/// The Content-Security-Policy allows exactly this script by its hash: even if some agent text
/// slipped past escaping, an injected script or event handler would not run.
/// </summary>
internal static class ViewAssets
{
    public const string Css = """
:root { --ink:#1f2328; --muted:#59636e; --line:#d1d9e0; --soft:#f6f8fa; --accent:#0969da; --pass:#1a7f37; --fail:#cf222e; --err:#9a6700; }
* { box-sizing: border-box; }
body { margin:0; color:var(--ink); background:#fff; font:14px/1.45 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif; }
.top { background:#24292f; color:#fff; padding:8px 24px; font-size:13px; }
.top a { color:#fff; text-decoration:none; font-weight:600; }
.top .sep { color:#8c959f; margin:0 6px; }
main { max-width:1400px; margin:0 auto; padding:18px 24px 48px; }
h1 { font-size:22px; margin:4px 0 8px; overflow-wrap:anywhere; }
h2 { font-size:18px; margin:28px 0 10px; padding-bottom:5px; border-bottom:1px solid var(--line); }
h3 { font-size:14px; margin:14px 0 6px; color:var(--muted); }
a { color:var(--accent); }
p { max-width:1000px; }
.muted { color:var(--muted); }
.facts { list-style:none; margin:0; padding:0; display:flex; flex-wrap:wrap; gap:4px 22px; }
.facts li { overflow-wrap:anywhere; }
.card { background:var(--soft); border:1px solid var(--line); border-radius:8px; padding:12px 16px; margin:8px 0; }
.toc { display:flex; flex-wrap:wrap; gap:4px 14px; margin:10px 0 0; font-weight:600; }
.toc a { text-decoration:none; }
code, pre, .mono { font:12px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; }
code { background:var(--soft); padding:1px 4px; border-radius:4px; overflow-wrap:anywhere; }
pre { background:var(--soft); border:1px solid var(--line); border-radius:6px; padding:8px 10px; margin:4px 0; white-space:pre-wrap; overflow-wrap:anywhere; max-height:560px; overflow:auto; }
.scroll { overflow-x:auto; max-width:100%; }
table { border-collapse:collapse; margin:4px 0 12px; font-size:13px; }
th, td { padding:3px 8px; border-bottom:1px solid var(--line); text-align:left; vertical-align:top; }
th { background:var(--soft); font-weight:600; border-top:1px solid var(--line); white-space:nowrap; }
td.n, th.n { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
td.nw { white-space:nowrap; }
td.reason { max-width:420px; overflow-wrap:anywhere; }
tr.match td { background:#fff8c5; }
.b { display:inline-block; padding:0 7px; border-radius:10px; font-size:12px; font-weight:600; line-height:18px; white-space:nowrap; border:1px solid transparent; }
.b-pass { background:#dafbe1; color:var(--pass); border-color:#aceebb; }
.b-fail { background:#ffebe9; color:var(--fail); border-color:#ffcecb; }
.b-error { background:#fff8c5; color:var(--err); border-color:#f5e0a0; }
.a-clean { background:#eef1f4; color:var(--muted); }
.a-mention { background:#ddf4ff; color:#0550ae; }
.a-probe { background:#fff8c5; color:var(--err); }
.a-read, .a-execute, .a-tamper { background:var(--fail); color:#fff; }
.a-unaudited { background:#fff; color:var(--muted); border:1px dashed #8c959f; }
.big { font-size:15px; padding:2px 12px; line-height:22px; }
form.filters { display:flex; flex-wrap:wrap; gap:6px 10px; align-items:end; margin:8px 0; }
form.filters label { display:flex; flex-direction:column; font-size:12px; color:var(--muted); }
select, input[type=text], input[type=search], button { font:inherit; font-size:13px; padding:3px 6px; border:1px solid var(--line); border-radius:6px; background:#fff; }
button { background:var(--accent); color:#fff; border-color:var(--accent); cursor:pointer; }
.pager { margin:6px 0; display:flex; gap:10px; flex-wrap:wrap; }
.ev { border:1px solid var(--line); border-left:4px solid #8c959f; border-radius:6px; margin:6px 0; padding:6px 10px; background:#fff; }
.ev.model { border-left-color:var(--accent); }
.ev.reasoning { border-left-color:#8250df; background:#fbf8ff; }
.ev.call { border-left-color:#bf8700; }
.ev.result { border-left-color:#8c959f; background:#fcfcfd; }
.ev.result.is-error { border-left-color:var(--fail); }
.ev.error { border-left-color:var(--fail); background:#fff5f5; }
.ev.meta { border-style:dashed; border-left-style:solid; color:var(--muted); padding:3px 10px; font-size:12px; }
.ev.flag { outline:2px solid var(--fail); background:#fff5f5; }
.ev.flag.probe { outline-color:#bf8700; background:#fffbeb; }
.ev.flag.low { outline-color:#54aeff; background:#f6fbff; }
.ev .head { display:flex; flex-wrap:wrap; gap:4px 10px; align-items:baseline; font-size:12px; color:var(--muted); }
.ev .head .who { font-weight:700; color:var(--ink); }
.ev .head a.step { color:var(--muted); text-decoration:none; font-family:ui-monospace,monospace; }
.ev .text { white-space:pre-wrap; overflow-wrap:anywhere; margin:4px 0 2px; }
.finding { margin:4px 0; padding:4px 8px; border-radius:4px; background:#ffebe9; font-size:12px; overflow-wrap:anywhere; }
.finding.low { background:#ddf4ff; }
details > summary { cursor:pointer; color:var(--muted); font-size:12px; }
details > summary code { color:var(--ink); }
.diff { background:#fff; padding:0; }
.diff span { display:block; padding:0 8px; white-space:pre-wrap; }
.diff .add { background:#dafbe1; }
.diff .del { background:#ffebe9; }
.diff .hunk { background:#ddf4ff; color:var(--muted); }
.check-fail td { background:#fff5f5; }
.tag { font-size:11px; color:var(--muted); border:1px solid var(--line); border-radius:8px; padding:0 6px; margin-left:4px; white-space:nowrap; }
.flagtxt { color:var(--fail); font-weight:600; white-space:nowrap; }
footer { margin-top:32px; color:var(--muted); font-size:12px; }
@media (max-width:800px) { main { padding:10px; } }
""";

    /// <summary>
    /// Progressive enhancement only: the live server filters and compares without it (forms are
    /// plain GETs). Static exports have no server, so there the script filters the cell rows from
    /// the query string and turns the run picker into a link to the exported diff page.
    /// </summary>
    public const string Script = """
(function () {
  var d = document, exp = d.body.getAttribute('data-mode') === 'export';
  var cmp = d.getElementById('compare');
  if (cmp) cmp.addEventListener('submit', function (e) {
    e.preventDefault();
    var a = cmp.elements['a'].value, b = cmp.elements['b'].value, m = d.getElementById('compare-msg');
    if (!a || !b || a === b) { if (m) m.textContent = 'pick two different runs'; return; }
    location.href = (cmp.getAttribute('data-root') || '') + 'diff/' + encodeURIComponent(a) + '/' + encodeURIComponent(b) + '.html';
  });
  var f = d.getElementById('filters'), table = d.getElementById('cells');
  if (!f || !table) return;
  var names = ['model', 'harness', 'task', 'verdict', 'error', 'audit'];
  function query() {
    var p = new URLSearchParams();
    names.concat(['q']).forEach(function (n) { if (f.elements[n] && f.elements[n].value) p.set(n, f.elements[n].value); });
    return p;
  }
  if (!exp) {
    // Served: the server filters; only drop the empty fields so that the link stays short.
    f.addEventListener('submit', function (e) { e.preventDefault(); var p = query().toString(); location.href = '?' + p + '#cells-section'; });
    return;
  }
  function matchAudit(row, want) {
    if (want === 'flagged') return row.getAttribute('data-flagged') === '1';
    return row.getAttribute('data-audit') === want;
  }
  function apply(p) {
    names.forEach(function (n) { if (f.elements[n]) f.elements[n].value = p.get(n) || ''; });
    var q = (p.get('q') || '').toLowerCase();
    if (f.elements['q']) f.elements['q'].value = p.get('q') || '';
    var rows = table.tBodies[0].rows, shown = 0, c = { pass: 0, fail: 0, error: 0 };
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i], ok = true;
      for (var j = 0; j < names.length && ok; j++) {
        var want = p.get(names[j]);
        if (want) ok = names[j] === 'audit' ? matchAudit(r, want) : r.getAttribute('data-' + names[j]) === want;
      }
      if (ok && q) ok = (r.textContent + ' ' + (r.getAttribute('data-find') || '')).toLowerCase().indexOf(q) >= 0;
      r.hidden = !ok;
      if (ok) { shown++; c[r.getAttribute('data-verdict')]++; }
    }
    var s = d.getElementById('matched');
    if (s) s.textContent = shown + ' of ' + rows.length + ' cells: ' + c.pass + ' pass, ' + c.fail + ' fail, ' + c.error + ' error';
  }
  f.addEventListener('submit', function (e) {
    e.preventDefault();
    var p = query();
    try { history.replaceState(null, '', '?' + p.toString()); } catch (x) { }
    apply(p);
  });
  apply(new URLSearchParams(location.search));
})();
""";

    /// <summary>'sha256-...' of <see cref="Script"/> as the page embeds it.</summary>
    public static string ScriptHash { get; } = "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Script))) + "'";

    /// <summary>The policy of every page: inline styles, this one script, images only as data URIs, nothing fetched.</summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; style-src 'unsafe-inline'; script-src {ScriptHash}; img-src data:; form-action 'self'; base-uri 'none'";

    /// <summary>Raw logs are shown as text and may never run anything, whatever they contain.</summary>
    public const string RawPolicy = "default-src 'none'; sandbox";
}
