/// The mapping editor (映射), appended to `/console/pages.js`: per source column its sample values, the
/// element it is mapped to (the suggestion to accept, or any element of the entity, by code and standard
/// name), its value maps (the sample's values no code table knows, proposed by `/v1/admin/suggest`, accepted
/// one by one, editable and removable), and its transforms (trim/upper/lower, date patterns: the mapping
/// format's own). Beside it, the live preview: the unsaved mapping sent to `POST /v1/admin/preview/{stream}`
/// ~400 ms after each change (sample rows, the records they become, the rows that would be quarantined).
/// Saved through `/v1/admin/config` with If-Match. Reasons are codes rendered in the operator's language.
enum ConsoleMappingEditor {
    static let js = #"""

import { elementName } from "/console/locale.js";

/// A suggester's reason in the current language (`mapedit.reason.CODE` with its parameters).
const reasonText = (reason) => t("mapedit.reason." + reason.code, reason.parameters);
const ruleText = (rule) => { const text = t("mapedit.rule." + rule); return text.startsWith("mapedit.") ? rule : text; };

export async function mapping(refresh) {
  const runs = await api.get("/v1/admin/runs?limit=1");
  const stream = params().get("stream") || runs.streams[0]?.stream;
  const picker = h("form", { class: "inline", onsubmit: (e) => { e.preventDefault(); go("mapping", { stream: e.target.stream.value }); } },
    h("label", {}, t("mapping.stream"), h("select", { name: "stream", onchange: (e) => go("mapping", { stream: e.target.value }) },
      runs.streams.map((s) => h("option", { value: s.stream, selected: s.stream === stream }, s.stream)))));
  const listing = await api.get("/v1/admin/config");
  const files = await Promise.all(listing.files.map((f) => f.path).filter((p) => p.startsWith("mappings/"))
    .map((p) => api.get(`/v1/admin/config/file?path=${encodeURIComponent(p)}`)));
  const file = files.find((f) => f.content?.stream === stream);
  if (!file) return [h("h1", {}, t("mapping.title")), picker, h("p", {}, t("mapping.none"))];
  const [suggestions, standards] = await Promise.all([api.get(`/v1/admin/suggest?stream=${encodeURIComponent(stream)}&limit=200`), api.get("/v1/admin/standards")]);
  const editor = new MappingEdit(structuredClone(file.content), suggestions, standards);
  let etag = file.etag;
  const outcome = h("div", { class: "outcome", "aria-live": "polite" });
  const dirty = h("span", { class: "muted unsaved", hidden: true }, t("mapedit.unsaved"));
  const preview = h("section", { class: "live-preview", "aria-live": "polite", "data-rejects": "" }, h("h2", {}, t("mapedit.preview")));
  const columns = h("div", { class: "columns-editor" });
  let timer = null, asked = 0;
  const changed = () => { dirty.hidden = false; draw(); clearTimeout(timer); timer = setTimeout(runPreview, 400); };
  const draw = () => columns.replaceChildren(...[questions(editor, changed)].filter(Boolean), ...suggestions.columns.map((c) => columnCard(c, editor, changed)),
    ...[constants(editor)].filter(Boolean));
  async function runPreview() {
    const mine = ++asked;
    preview.setAttribute("aria-busy", "true");
    const answer = await api.send(`/v1/admin/preview/${encodeURIComponent(stream)}?limit=200`, { method: "POST", body: editor.content });
    if (mine !== asked) return;
    preview.removeAttribute("aria-busy");
    preview.replaceChildren(h("h2", {}, t("mapedit.preview")), ...previewBody(answer));
    preview.setAttribute("data-rejects", answer.status === 200 ? String(answer.body.rejects) : "invalid");
  }
  draw();
  runPreview();
  const save = h("button", { type: "button", class: "save-mapping", onclick: async () => {
    const answer = await api.send(`/v1/admin/config/file?path=${encodeURIComponent(file.path)}`, { method: "PUT", body: editor.content, headers: { "If-Match": `"${etag}"` } });
    outcome.replaceChildren(saveOutcome(answer, refresh));
    if (answer.status === 200) { etag = answer.body.etag; dirty.hidden = true; }
  } }, t("mapedit.save"));
  return [h("h1", {}, t("mapping.title")), picker,
    h("p", {}, t("mapping.summary", { stream, file: file.path, entity: entityName(suggestions.entity), rows: suggestions.rows })),
    h("p", { class: "muted" }, t("mapedit.intro")),
    h("div", { class: "mapping-layout" }, h("div", { class: "mapping-columns" }, columns, h("p", { class: "actions" }, save, " ", dirty, " ",
      h("a", { href: `#/preview?stream=${encodeURIComponent(stream)}` }, t("mapping.preview")), " ", h("a", { class: "history-link", href: filesLink(file.path) }, t("files.link"))), outcome), preview)];
}

/// The mapping being edited: `content` is the file's JSON, changed in place (key order kept).
class MappingEdit {
  constructor(content, suggestions, standards) {
    this.content = content;
    this.content.fields ??= {};
    this.suggestions = suggestions;
    this.standards = standards;
  }
  fromOf(element) { const f = this.content.fields[element]; return typeof f === "string" ? f : f?.from; }
  elementOf(column) { return Object.keys(this.content.fields).find((e) => this.fromOf(e) === column); }
  field(element) { return this.content.fields[element]; }
  /// The column mapped to `element` (nothing: not mapped); the element's previous column loses it.
  assign(column, element) {
    const before = this.elementOf(column);
    if (before === element) { delete this.field(element)?.review; return; }
    if (before) delete this.content.fields[before];
    if (element) this.content.fields[element] = { from: column };
  }
  codes(element) { return this.standards.codeTables[this.standards.elements[element]?.codeTable]?.codes || null; }
  transforms(element) { const f = this.field(element); f.transforms ??= []; return f.transforms; }
  valueMap(element) { return (this.field(element)?.transforms || []).find((s) => s && typeof s === "object" && "map" in s); }
  setValue(element, value, code) {
    let step = this.valueMap(element);
    if (!step) { step = { map: {}, otherwise: "keep" }; this.transforms(element).push(step); }
    step.map[value] = code;
    delete this.field(element).review;
  }
  removeValue(element, value) {
    const step = this.valueMap(element);
    if (!step) return;
    delete step.map[value];
    if (!Object.keys(step.map).length) this.dropStep(element, step);
  }
  dropStep(element, step) {
    const f = this.field(element);
    f.transforms = f.transforms.filter((s) => s !== step);
    if (!f.transforms.length) delete f.transforms;
  }
  hasSimple(element, name) { return (this.field(element)?.transforms || []).includes(name); }
  toggleSimple(element, name, on) {
    const f = this.field(element);
    const steps = (f.transforms || []).filter((s) => s !== name);
    if (on) steps.unshift(name);
    if (steps.length) f.transforms = steps; else delete f.transforms;
  }
  datePatterns(element) { return (this.field(element)?.transforms || []).find((s) => s && typeof s === "object" && "date" in s)?.date || []; }
  setDatePatterns(element, patterns) {
    const f = this.field(element);
    const steps = (f.transforms || []).filter((s) => !(s && typeof s === "object" && "date" in s));
    if (patterns.length) steps.push({ date: patterns });
    if (steps.length) f.transforms = steps; else delete f.transforms;
  }
}

function codeSelect(codes, selected, attrs = {}) {
  return h("select", attrs, h("option", { value: "" }, t("mapedit.chooseCode")),
    Object.entries(codes).map(([code, name]) => h("option", { value: code, selected: code === selected }, `${code} ${name}`)));
}

function columnCard(c, editor, changed) {
  const now = editor.elementOf(c.column);
  const review = now ? editor.field(now)?.review : null;
  const choose = h("select", { class: "element-choice", "aria-label": t("mapedit.element"), onchange: (e) => { editor.assign(c.column, e.target.value); changed(); } },
    h("option", { value: "" }, t("mapedit.unmapped")),
    editor.suggestions.elements.map((el) => h("option", { value: el.code, selected: el.code === now },
      `${el.code} ${elementName(el.code)}${el.required ? " · " + t("mapedit.required") : ""}`)));
  const suggestion = c.element
    ? h("div", { class: "suggestion" }, h("strong", {}, t("mapedit.suggested", { element: element(c.element), confidence: Math.round(c.confidence * 100) })), " ",
        c.element !== now ? h("button", { type: "button", class: "secondary accept", "data-column": c.column, onclick: () => { editor.assign(c.column, c.element); changed(); } },
          t("mapedit.acceptSuggestion")) : null,
        h("ul", { class: "reasons" }, c.reasons.map((r) => h("li", {}, reasonText(r)))))
    : h("div", { class: "suggestion muted" }, t("mapedit.noSuggestion"), h("ul", { class: "reasons" }, c.reasons.map((r) => h("li", {}, reasonText(r)))));
  return h("section", { class: "column-card", "data-column": c.column, "data-element": now || "" },
    h("header", {}, h("h3", {}, c.column), h("span", { class: "muted samples" }, c.values.join(" · "))),
    h("label", {}, t("mapedit.element"), choose),
    review ? h("p", { class: "review" }, h("span", { class: "state warn" }, t("mapedit.toReview")), " ",
      h("button", { type: "button", class: "secondary confirm", onclick: () => { delete editor.field(now).review; changed(); } }, t("mapedit.confirm"))) : null,
    suggestion,
    now ? valueMaps(c, now, editor, changed) : null,
    now ? transforms(now, editor, changed) : null);
}

/// The element's value maps as the mapping holds them (code editable, removable), then the sample's values
/// no code table knows, each accepted on its own.
function valueMaps(c, now, editor, changed) {
  const codes = editor.codes(now);
  if (!codes || !editor.suggestions.elements.find((e) => e.code === now)?.coded) return null;
  const step = editor.valueMap(now);
  const entries = Object.entries(step?.map || {});
  const proposals = (c.valueMaps?.[now] || []).filter((p) => p.because.code !== "value.known" && !(step && p.value in step.map));
  return h("div", { class: "value-maps" }, h("h4", {}, t("mapedit.valueMaps")),
    entries.length ? h("ul", { class: "value-map" }, entries.map(([value, code]) => h("li", { class: "value-entry", "data-value": value },
      h("code", {}, value), " → ",
      codeSelect(codes, code, { "aria-label": value, onchange: (e) => { if (e.target.value) { editor.setValue(now, value, e.target.value); changed(); } } }), " ",
      h("button", { type: "button", class: "danger remove-value", onclick: () => { editor.removeValue(now, value); changed(); } }, t("mapedit.removeValue")))))
      : h("p", { class: "muted" }, t("mapedit.valueMapNone")),
    step ? h("label", {}, t("mapedit.otherwise"), h("select", { class: "otherwise", onchange: (e) => { step.otherwise = e.target.value; changed(); } },
      ["keep", "empty", "reject"].map((o) => h("option", { value: o, selected: (step.otherwise || "keep") === o }, t("mapedit.otherwise." + o))))) : null,
    proposals.length ? [h("h4", {}, t("mapedit.proposals")), h("ul", { class: "proposals" }, proposals.map((p) => {
      const pick = codeSelect(codes, p.code || "", { "aria-label": p.value });
      return h("li", { class: "value-proposal", "data-value": p.value }, h("code", {}, p.value), " → ", pick, " ",
        h("button", { type: "button", class: "secondary accept-value", onclick: () => { if (!pick.value) return pick.focus(); editor.setValue(now, p.value, pick.value); changed(); } },
          t("mapedit.acceptValue")),
        h("div", { class: "muted reason" }, reasonText(p.because)));
    }))] : null);
}

function transforms(now, editor, changed) {
  const box = (name, label) => h("label", { class: "check" }, h("input", { type: "checkbox", name, checked: editor.hasSimple(now, name),
    onchange: (e) => { editor.toggleSimple(now, name, e.target.checked); changed(); } }), t(label));
  const dates = h("input", { name: "date", value: editor.datePatterns(now).join(", "), placeholder: "YYYY/M/D, YYYY.MM",
    onchange: (e) => { editor.setDatePatterns(now, e.target.value.split(/[,，]/).map((s) => s.trim()).filter(Boolean)); changed(); } });
  const any = (editor.field(now)?.transforms || []).some((s) => typeof s === "string" || "date" in s);
  return h("details", { class: "transforms", open: any }, h("summary", {}, t("mapedit.transforms")),
    box("trim", "mapedit.trim"), box("upper", "mapedit.upper"), box("lower", "mapedit.lower"), h("label", {}, t("mapedit.datePatterns"), dates));
}

/// A drafted question (`MappingDraft.openQuestions`, written in English) in the operator's language; a note a
/// person wrote is shown as written.
function questionText(text) {
  const leftOut = /^columns left out: (.*); add them by hand/.exec(text);
  if (leftOut) return t("mapedit.question.leftOut", { columns: leftOut[1] });
  const missing = /^required elements of (\S+) not found: ([^;]*);/.exec(text);
  if (missing) return t("mapedit.question.missing", { entity: entityName(missing[1]), elements: missing[2] });
  return text;
}

/// The draft's open questions (the file's top-level "review"), each removed once decided.
function questions(editor, changed) {
  const open = Array.isArray(editor.content.review) ? editor.content.review : [];
  if (!open.length) return null;
  const resolve = (i) => { open.splice(i, 1); if (!open.length) delete editor.content.review; changed(); };
  return h("section", { class: "column-card questions" }, h("h3", {}, t("mapedit.questions")),
    h("ul", {}, open.map((text, i) => h("li", {}, questionText(String(text)), " ",
      h("button", { type: "button", class: "secondary resolve", onclick: () => resolve(i) }, t("mapedit.resolve"))))));
}

function constants(editor) {
  const fixed = Object.entries(editor.content.fields).filter(([, f]) => f && typeof f === "object" && "const" in f);
  return fixed.length ? h("section", { class: "column-card constants" }, h("h3", {}, t("mapedit.constants")),
    h("ul", {}, fixed.map(([e, f]) => h("li", {}, elementCell(e), " = ", codeValue(e, f.const))))) : null;
}

function previewBody(answer) {
  if (answer.status === 422) {
    return [h("div", { class: "error problems", role: "alert" }, h("p", {}, t("mapedit.previewInvalid")),
      h("ul", {}, (answer.body.problems || []).map((p) => h("li", {}, h("code", {}, `${p.file}${p.path ? " " + p.path : ""}`), " ", p.message, p.fix ? [h("br"), t("connectors.fix"), p.fix] : null))))];
  }
  if (answer.status !== 200) return [h("p", { class: "error", role: "alert" }, `${answer.body?.error?.code || answer.status}: ${answer.body?.error?.message || ""}`)];
  const data = answer.body;
  const rejected = data.rows.filter((r) => !r.record);
  const issue = (i) => t("mapedit.issue", { element: element(i.element), rule: ruleText(i.rule), value: i.value ?? "∅" });
  return [h("p", { class: "preview-summary" }, t("mapedit.previewSummary", { rows: data.rows.length, records: data.records, rejects: data.rejects })),
    h("h3", {}, t("mapedit.quarantined")),
    rejected.length ? table([{ title: t("col.row"), cell: (r) => r.row }, { title: t("col.key"), cell: (r) => r.key || "" },
      { title: t("col.issues"), cell: (r) => r.issues.map(issue).join("；"), wrap: true }], rejected, { rowAttrs: () => ({ class: "quarantined" }) })
      : h("p", { class: "muted" }, t("mapedit.noneQuarantined")),
    h("h3", {}, t("mapedit.records")),
    table([{ title: t("col.row"), cell: (r) => r.row }, { title: t("col.outcome"), cell: (r) => state(r.record ? (r.warnings.length ? "warn" : "ok") : "reject") },
      { title: t("col.sourceRow"), cell: (r) => Object.entries(r.source).map(([c, v]) => `${c}=${v ?? "∅"}`).join("  "), wrap: true },
      { title: t("col.normalised"), cell: (r) => r.record ? Object.entries(r.record.fields).map(([e, v]) => `${e}=${codeValue(e, v)}`).join("  ") : "—", wrap: true }],
      data.rows.slice(0, 10))];
}
"""#
}

extension ConsoleMappingEditor {
    /// Appended to `/console/console.css`: the editor beside its live preview (one column below 900 px),
    /// and the connectors page's "添加数据源" result.
    static let css = #"""
#add-connector [hidden] { display: none; }
.mapping-layout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1rem; align-items: start; }
.live-preview { position: sticky; top: .5rem; max-height: calc(100vh - 1rem); overflow: auto; background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; }
.live-preview[aria-busy="true"] { opacity: .6; }
.column-card { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; margin-bottom: .6rem; }
.column-card header { display: flex; flex-wrap: wrap; gap: .2rem 1rem; align-items: baseline; }
.column-card h3 { margin: 0; font-size: 1rem; }
.column-card h4 { margin: .5rem 0 .2rem; font-size: .9rem; }
.column-card label { display: flex; flex-direction: column; font-size: .85em; color: var(--muted); max-width: 24rem; }
.column-card label.check { flex-direction: row; gap: .3rem; align-items: center; }
.column-card ul { margin: .2rem 0; padding-left: 1.2rem; }
.reasons { color: var(--muted); font-size: .9em; }
.value-map li, .proposals li { margin: .25rem 0; }
.value-map select, .proposals select { min-width: 10rem; }
.transforms summary { cursor: pointer; color: var(--accent); margin-top: .4rem; }
.preview-summary { font-weight: 600; }
tr.quarantined td { background: #fff6f6; }
.new-connection h3 { font-size: 1rem; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
@media (max-width: 900px) {
  .mapping-layout { grid-template-columns: 1fr; }
  .live-preview { position: static; max-height: none; }
  .value-map select, .proposals select { min-width: 0; width: auto; max-width: 100%; }
}
"""#
}
