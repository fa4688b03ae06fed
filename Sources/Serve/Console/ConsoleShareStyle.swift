/// The styles of the standards, authority, sharing and forms pages, appended to `/console/console.css`.
enum ConsoleShareStyle {
    static let css = #"""
/* 数据标准 · 数据权威 · 共享策略 · 预填表单 */
a.button { display: inline-block; padding: .35rem .8rem; border: 1px solid var(--accent); border-radius: 4px; text-decoration: none; color: var(--accent); background: #fff; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
ol.owners { list-style: none; padding: 0; margin: 0 0 .4rem; max-width: 40rem; }
ol.owners li { display: flex; flex-wrap: wrap; align-items: center; gap: .4rem; padding: .35rem .5rem; margin-bottom: .3rem; background: var(--card); border: 1px solid var(--line); border-radius: 4px; cursor: grab; }
ol.owners li.over { border-color: var(--accent); background: #eef4ff; }
ol.owners .handle { color: var(--muted); }
ol.owners .owner { flex: 1; font-family: ui-monospace, monospace; }
ol.owners .moves { display: flex; gap: .3rem; }
ol.owners button { padding: .15rem .5rem; }
.field-owner h4 { margin: .6rem 0 .3rem; font-size: .95rem; }
.authority { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: .4rem .8rem .8rem; margin-bottom: .8rem; }
main fieldset { min-width: 0; }
main input[type=checkbox] { min-width: 0; width: auto; margin: 0; }
form.policy-form, form.form-form { max-width: 64rem; }
.field-picks { display: grid; grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); gap: .3rem .8rem; }
.field-pick { display: flex; align-items: center; justify-content: space-between; gap: .4rem; border-bottom: 1px dotted var(--line); padding: .1rem 0; }
.field-pick label.check { flex: 1; }
form.stacked label.check { flex-direction: row; align-items: center; gap: .35rem; color: var(--ink); font-size: 1em; }
form.stacked label.mask select { min-width: 7rem; }
.writeback-row { border-top: 1px dotted var(--line); padding-top: .4rem; display: flex; flex-direction: column; gap: .3rem; }
.scope-row { display: flex; flex-wrap: wrap; gap: .5rem; }
fieldset.preview { background: #f9fbff; }
.preview-result pre { white-space: pre-wrap; word-break: break-all; font-size: .85em; }
tr.masked td { background: #fffaf0; }
.state.masked { background: #fff2dc; color: var(--warn); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
textarea { font: inherit; padding: .3rem .4rem; border: 1px solid var(--line); border-radius: 4px; }
@media (max-width: 700px) {
  .columns { grid-template-columns: 1fr; }
  .field-picks { grid-template-columns: 1fr; }
  ol.owners .moves { flex-basis: 100%; }
}
"""#
}
