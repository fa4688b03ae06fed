/// `/console/console.css`: plain, readable, and one column below 700 px (phones at 375 px).
enum ConsoleStyle {
    static let css = #"""
:root { --ink: #1d2733; --muted: #5b6776; --line: #d8dee6; --bg: #f5f7fa; --card: #fff; --accent: #1f6feb; --bad: #c62828; --warn: #b26a00; --ok: #2e7d32; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: var(--ink); background: var(--bg); }
.bar { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem; padding: .6rem 1rem; background: #14213d; color: #fff; }
.bar a { color: #dbe6ff; text-decoration: none; }
.brand { font-weight: 700; font-size: 1.1rem; color: #fff !important; }
nav { display: flex; flex-wrap: wrap; gap: .25rem .8rem; flex: 1; }
nav a.active { color: #fff; border-bottom: 2px solid #ffd166; }
.bar select { min-width: 0; width: auto; padding: .15rem .3rem; }
button { font: inherit; padding: .35rem .8rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 4px; cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); }
button.danger { background: #fff; color: var(--bad); border-color: var(--bad); }
main { padding: 1rem; max-width: 1200px; margin: 0 auto; }
h1 { font-size: 1.3rem; margin: .2rem 0 1rem; }
h2 { font-size: 1.05rem; margin: 1.2rem 0 .5rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: .6rem; margin-bottom: 1rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: .7rem .9rem; }
.card .n { font-size: 1.4rem; font-weight: 700; }
.card .l { color: var(--muted); }
.stream { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: .8rem; margin-bottom: .8rem; }
.stream header { display: flex; flex-wrap: wrap; gap: .3rem 1rem; align-items: baseline; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; width: 100%; background: var(--card); }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; white-space: nowrap; }
td.wrap { white-space: normal; min-width: 14rem; }
th { color: var(--muted); font-weight: 600; background: #eef2f7; }
.state { display: inline-block; padding: 0 .45rem; border-radius: 9px; font-size: .85em; background: #e8edf3; }
.state.succeeded, .state.delivered, .state.ok { background: #e3f4e5; color: var(--ok); }
.state.failed, .state.dead, .state.broken, .state.reject { background: #fde7e7; color: var(--bad); }
.state.warn, .state.drop, .state.retry_wait, .state.running { background: #fff2dc; color: var(--warn); }
.error { color: var(--bad); }
.muted { color: var(--muted); }
form.stacked { display: flex; flex-direction: column; gap: .6rem; max-width: 40rem; margin-bottom: 1rem; }
form.stacked label { display: flex; flex-direction: column; font-size: .85em; color: var(--muted); }
fieldset { border: 1px solid var(--line); border-radius: 4px; display: flex; flex-direction: column; gap: .4rem; }
.secret { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; }
.saved { color: var(--ok); }
form.inline { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin-bottom: 1rem; }
form.inline label { display: flex; flex-direction: column; font-size: .85em; color: var(--muted); }
input, select { font: inherit; padding: .3rem .4rem; border: 1px solid var(--line); border-radius: 4px; min-width: 8rem; }
svg.chart { width: 100%; height: auto; max-width: 640px; display: block; background: var(--card); }
svg.chart .read { fill: #8fb3f0; }
svg.chart .rejected { fill: var(--bad); }
svg.chart .bar { fill: #f0a35e; cursor: pointer; }
svg.chart .bar.selected { fill: var(--bad); }
svg.chart text { font-size: 11px; fill: var(--muted); }
.legend { display: flex; gap: 1rem; font-size: .85em; color: var(--muted); }
.legend i { display: inline-block; width: .8em; height: .8em; margin-right: .3em; vertical-align: middle; }
.legend .read { background: #8fb3f0; } .legend .rejected { background: var(--bad); }
.signin { max-width: 28rem; margin: 3rem auto; padding: 1rem; }
.signin form { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 1.2rem; display: flex; flex-direction: column; gap: .6rem; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
code { font-size: .9em; }
/* Configuration files (history, diff) and sync now. */
pre.json { background: var(--card); border: 1px solid var(--line); border-radius: 4px; padding: .6rem; overflow-x: auto; font-size: .85em; max-height: 40rem; }
.diff { background: var(--card); border: 1px solid var(--line); border-radius: 4px; font: .85em/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.diff .line { white-space: pre-wrap; word-break: break-all; padding: 0 .5rem; }
.diff .line.add { background: #e6ffec; color: #116329; }
.diff .line.del { background: #ffebe9; color: #a40e26; }
.diff .line.fold { background: #eef2f7; color: var(--muted); font-style: italic; }
.diff-count.add { color: var(--ok); } .diff-count.del { color: var(--bad); }
tr.selected td { background: #fff8e1; }
code.etag { word-break: break-all; }
.sync-bar { display: flex; flex-wrap: wrap; gap: .4rem .8rem; align-items: center; }
.sync-result p { margin: .2rem 0; }
@media (max-width: 700px) {
  main { padding: .6rem; }
  .pair { grid-template-columns: 1fr; }
  nav { gap: .2rem .6rem; font-size: .95em; order: 3; flex-basis: 100%; }
  .brand { flex: 1; }
  .cards { grid-template-columns: repeat(2, 1fr); }
  input, main select { min-width: 0; width: 100%; }
  form.inline label { flex: 1 1 45%; }
}
/* The sample form of the service hall (/console/sample-form.html). */
.form { max-width: 40rem; margin: 1rem auto; background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 1rem; }
.form .field { display: flex; flex-direction: column; margin-bottom: .7rem; }
.form input[readonly] { background: #f0f2f5; color: #333; }
.form .campushub-source { font-size: .8em; color: var(--muted); }
"""#
}
