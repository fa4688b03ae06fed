/// The standards pages, appended to `/console/pages.js`: 数据标准 (elements with their standard names
/// and code tables; a code table's values, where a data steward adds an alias or a local code) and
/// 数据权威 (each entity's ordered owners and per-field owners, reordered by drag and drop or by the
/// 上移/下移 buttons). Everything is read and saved through `/v1/admin/config` (checks, If-Match,
/// history, audit): a code table as its CSV file (`standards/codes/NAME.csv`, kept hand-editable),
/// the owners in standards/entities.json.
enum ConsoleStandards {
    static let js = #"""

import { elementName as stdElementName } from "/console/locale.js";

const stdConfigURL = (path) => `/v1/admin/config/file?path=${encodeURIComponent(path)}`;

/// A workspace file as {path, etag, content, text}; a missing one as {path, etag: null, content: fallback}.
async function configDoc(path, fallback) {
  const answer = await api.send(stdConfigURL(path));
  if (answer.status === 404) return { path, etag: null, content: structuredClone(fallback), text: "" };
  if (answer.status !== 200) throw new Error(`${answer.body?.error?.code || answer.status}: ${answer.body?.error?.message || ""}`);
  return { path, etag: answer.body.etag, content: answer.body.content, text: answer.body.text };
}

/// Saves a JSON document (If-Match, or If-None-Match: * for a new file); on success the doc names the new version.
async function saveDoc(doc, content) {
  const headers = doc.etag ? { "If-Match": `"${doc.etag}"` } : { "If-None-Match": "*" };
  const answer = await api.send(stdConfigURL(doc.path), { method: "PUT", body: content, headers });
  if (answer.status === 200 || answer.status === 201) { doc.etag = answer.body.etag; doc.content = content; }
  return answer;
}

/// A CSV file saved as text (the config API keeps it as sent: a diff shows only the changed line).
async function saveCSV(doc, text) {
  const response = await fetch(stdConfigURL(doc.path), { method: "PUT", cache: "no-store", body: text,
    headers: { Authorization: "Bearer " + api.token, "Content-Type": "text/csv; charset=utf-8", "If-Match": `"${doc.etag}"` } });
  const answer = { status: response.status, body: await response.json().catch(() => null) };
  if (answer.status === 200) { doc.etag = answer.body.etag; doc.text = text; }
  return answer;
}

/// RFC 4180 rows (quoted fields, doubled quotes); and back, quoting only where needed.
function csvRows(text) {
  const rows = [];
  let row = [], field = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) { if (c !== '"') field += c; else if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false; }
    else if (c === '"') quoted = true;
    else if (c === ",") { row.push(field); field = ""; }
    else if (c === "\n" || c === "\r") { if (c === "\r" && text[i + 1] === "\n") i++; row.push(field); rows.push(row); row = []; field = ""; }
    else field += c;
  }
  if (field !== "" || row.length) { row.push(field); rows.push(row); }
  return rows;
}
const csvField = (v) => /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
const csvText = (rows) => rows.map((r) => r.map(csvField).join(",")).join("\n") + "\n";

export async function standards(refresh) {
  const tableID = params().get("table");
  const [catalogue, tablesDoc] = await Promise.all([api.get("/v1/admin/standards"), configDoc("standards/code-tables.json", { codeTables: [] })]);
  const tables = tablesDoc.content?.codeTables || [];
  if (tableID) return codeTable(tables.find((x) => x.id === tableID), refresh);
  const elements = Object.entries(catalogue.elements).map(([code, e]) => ({ code, ...e }));
  const tableLink = (id) => h("a", { href: `#/standards?table=${encodeURIComponent(id)}` }, id);
  return [h("h1", {}, t("standards.title")), h("p", { class: "muted" }, t("standards.intro")),
    h("h2", {}, t("standards.tables")),
    table([column("codeTable", (x) => tableLink(x.id)), column("name", (x) => x.name, true), column("standard", (x) => x.standard),
      column("codes", (x) => Object.keys(catalogue.codeTables[x.id]?.codes || {}).length), column("file", (x) => `standards/${x.file}`)], tables),
    h("h2", {}, t("standards.elements")),
    table([column("element", (e) => e.code), column("name", (e) => e.name), column("identifier", (e) => e.id || ""),
      column("codeTable", (e) => e.codeTable ? [tableLink(e.codeTable), " ", h("span", { class: "muted" }, catalogue.codeTables[e.codeTable]?.name || "")] : "")], elements)];
}

/// One code table: its values from the CSV file as it is on disk, and the two additions.
async function codeTable(entry, refresh) {
  if (!entry) throw new Error(t("standards.noTable"));
  const doc = await configDoc(`standards/${entry.file}`, null);
  const [header, ...rest] = csvRows(doc.text);
  let rows = rest.filter((r) => r.some((f) => f.trim()));
  const aliasesOf = (r) => (r[2] || "").split("|").map((s) => s.trim()).filter(Boolean);
  const holder = (value) => rows.find((r) => r[0].trim() === value || r[1].trim() === value || aliasesOf(r).includes(value));
  const outcome = h("div", { class: "outcome", "aria-live": "polite" });
  const body = h("tbody");
  const draw = () => body.replaceChildren(...rows.map((r) => h("tr", { "data-code": r[0] }, h("td", {}, r[0]), h("td", {}, r[1]),
    h("td", { class: "wrap aliases" }, aliasesOf(r).join(" · ")))));
  const codes = h("select", { name: "code", required: true });
  const drawCodes = () => codes.replaceChildren(...rows.map((r) => h("option", { value: r[0] }, `${r[0]} ${r[1]}`)));
  draw(); drawCodes();
  const refuse = (key, values) => outcome.replaceChildren(h("p", { class: "error", role: "alert" }, t(key, values)));
  const save = async (next) => {
    const answer = await saveCSV(doc, csvText([header, ...next]));
    outcome.replaceChildren(saveOutcome(answer, refresh));
    if (answer.status === 200) { rows = next; draw(); drawCodes(); return true; }
    return false;
  };
  const aliasForm = h("form", { class: "stacked", id: "add-alias", onsubmit: async (e) => {
    e.preventDefault();
    const code = e.target.code.value, alias = e.target.alias.value.trim();
    if (!alias || /[|,\n"]/.test(alias)) return refuse("standards.badValue", { value: alias });
    const taken = holder(alias);
    if (taken) return refuse("standards.taken", { value: alias, code: taken[0] });
    const next = rows.map((r) => r[0] === code ? [r[0], r[1], [...aliasesOf(r), alias].join("|"), ...r.slice(3)] : r);
    if (await save(next)) e.target.alias.value = "";
  } }, h("p", { class: "muted" }, t("standards.aliasNote")),
    h("label", {}, t("standards.code"), codes), h("label", {}, t("standards.alias"), h("input", { name: "alias", required: true, autocomplete: "off" })),
    h("button", { type: "submit" }, t("standards.addAlias")));
  const localForm = h("form", { class: "stacked", id: "add-local-code", onsubmit: async (e) => {
    e.preventDefault();
    const code = e.target.localCode.value.trim(), name = e.target.localName.value.trim();
    if (!code || !name || /[|,\n"]/.test(code + name)) return refuse("standards.badValue", { value: code || name });
    const taken = holder(code) || holder(name);
    if (taken) return refuse("standards.taken", { value: holder(code) ? code : name, code: taken[0] });
    // Codes all of one width of digits let a source's "1" find "01": a local code keeps that shape.
    const widths = new Set(rows.map((r) => r[0].trim().length));
    if (rows.length && rows.every((r) => /^\d+$/.test(r[0].trim())) && widths.size === 1 && !(/^\d+$/.test(code) && widths.has(code.length)))
      return refuse("standards.shape", { width: [...widths][0] });
    const width = header.length;
    if (await save([...rows, [code, name, ...Array(Math.max(0, width - 2)).fill("")]])) { e.target.localCode.value = ""; e.target.localName.value = ""; }
  } }, h("p", { class: "muted" }, t("standards.localNote")),
    h("label", {}, t("standards.code"), h("input", { name: "localCode", required: true, autocomplete: "off" })),
    h("label", {}, t("standards.codeName"), h("input", { name: "localName", required: true, autocomplete: "off" })),
    h("button", { type: "submit" }, t("standards.addLocal")));
  return [h("p", {}, h("a", { href: "#/standards" }, t("standards.back"))), h("h1", {}, `${entry.id} ${entry.name}`),
    h("p", { class: "muted" }, t("standards.tableMeta", { standard: entry.standard, file: doc.path, n: rows.length })),
    h("div", { class: "scroll" }, h("table", { class: "code-table" }, h("thead", {}, h("tr", {}, ["code", "codeName", "aliases"].map((k) => h("th", {}, t("standards." + k))))), body)),
    h("div", { class: "columns" }, h("section", {}, h("h2", {}, t("standards.addAlias")), aliasForm), h("section", {}, h("h2", {}, t("standards.addLocal")), localForm)),
    outcome];
}

let ownerListCount = 0;

/// An ordered list of streams, most authoritative first: drag a row, or use 上移/下移 (keyboard).
function ownerList(get, set, streams, label) {
  const id = ++ownerListCount;
  const list = h("ol", { class: "owners", "aria-label": label });
  const adder = h("select", { class: "add-owner", "aria-label": t("authority.addTo", { list: label }), onchange: (e) => {
    if (e.target.value) { set([...get(), e.target.value]); draw(); }
  } });
  const move = (from, to, focus) => {
    const items = [...get()];
    if (to < 0 || to >= items.length || from === to) return;
    const [moved] = items.splice(from, 1);
    items.splice(to, 0, moved);
    set(items);
    draw();
    // The keyboard stays on the moved owner: its same button, or the other one when it reached an end.
    const row = list.children[to];
    if (focus && row) (row.querySelector(focus + ":not([disabled])") || row.querySelector(".moves button:not([disabled])"))?.focus();
  };
  const draw = () => {
    const items = get();
    list.replaceChildren(...items.map((stream, i) => h("li", { draggable: "true", "data-stream": stream,
      ondragstart: (e) => { e.dataTransfer.setData("text/plain", `${id}:${i}`); e.dataTransfer.effectAllowed = "move"; },
      ondragover: (e) => { e.preventDefault(); e.currentTarget.classList.add("over"); },
      ondragleave: (e) => e.currentTarget.classList.remove("over"),
      ondrop: (e) => {
        e.preventDefault();
        e.currentTarget.classList.remove("over");
        const [source, from] = e.dataTransfer.getData("text/plain").split(":").map(Number);
        if (source === id) move(from, i);
      } },
      h("span", { class: "handle", "aria-hidden": "true" }, "⠿"), h("span", { class: "rank" }, `${i + 1}.`), h("span", { class: "owner" }, stream),
      h("span", { class: "moves" },
        h("button", { type: "button", class: "secondary up", disabled: i === 0, "aria-label": t("authority.upLabel", { stream }), onclick: () => move(i, i - 1, ".up") }, t("authority.up")),
        h("button", { type: "button", class: "secondary down", disabled: i === items.length - 1, "aria-label": t("authority.downLabel", { stream }), onclick: () => move(i, i + 1, ".down") }, t("authority.down")),
        h("button", { type: "button", class: "danger remove", "aria-label": t("authority.removeLabel", { stream }), onclick: () => { set(items.filter((s) => s !== stream)); draw(); } }, t("authority.remove"))))));
    adder.replaceChildren(h("option", { value: "" }, t("authority.add")), ...streams.filter((s) => !items.includes(s)).map((s) => h("option", { value: s }, s)));
  };
  draw();
  return h("div", { class: "owner-list" }, list, adder);
}

export async function authority(refresh) {
  const [doc, runs] = await Promise.all([configDoc("standards/entities.json", { entities: [] }), api.get("/v1/admin/runs?limit=1")]);
  const content = structuredClone(doc.content);
  const configured = runs.streams.map((s) => s.stream);
  const streamsOf = (entity) => [...new Set([...configured, ...(entity.authority || []), ...Object.values(entity.fieldAuthority || {}).flat()])];
  const outcome = h("div", { class: "outcome", "aria-live": "polite" });
  const sections = (content.entities || []).map((entity) => {
    const streams = streamsOf(entity);
    const elements = [...(entity.required || []), ...(entity.optional || [])];
    const fields = h("div", { class: "field-owners" });
    const picker = h("select", { class: "add-field", "aria-label": t("authority.addField", { entity: entityName(entity.name) }), onchange: (e) => {
      if (!e.target.value) return;
      entity.fieldAuthority = { ...(entity.fieldAuthority || {}), [e.target.value]: [...(entity.authority || [])] };
      drawFields();
    } });
    const drawFields = () => {
      const overrides = Object.keys(entity.fieldAuthority || {});
      fields.replaceChildren(...overrides.map((code) => h("div", { class: "field-owner", "data-element": code }, h("h4", {}, elementCell(code)),
        ownerList(() => entity.fieldAuthority[code], (v) => { entity.fieldAuthority[code] = v; }, streams, t("authority.fieldList", { element: `${code} ${stdElementName(code)}` })),
        h("button", { type: "button", class: "secondary drop-field", onclick: () => {
          delete entity.fieldAuthority[code];
          if (!Object.keys(entity.fieldAuthority).length) delete entity.fieldAuthority;
          drawFields();
        } }, t("authority.dropField")))));
      picker.replaceChildren(h("option", { value: "" }, t("authority.pickField")),
        ...elements.filter((c) => !overrides.includes(c)).map((c) => h("option", { value: c }, `${c} ${stdElementName(c)}`)));
    };
    drawFields();
    return h("section", { class: "authority", "data-entity": entity.name }, h("h2", {}, `${entityName(entity.name)} (${entity.name})`),
      h("h3", {}, t("authority.entity")),
      ownerList(() => entity.authority || [], (v) => { entity.authority = v; }, streams, t("authority.entityList", { entity: entityName(entity.name) })),
      h("h3", {}, t("authority.fields")), h("p", { class: "muted" }, t("authority.fieldsNote")), fields, picker);
  });
  const save = h("button", { type: "button", class: "save-authority", onclick: async () => {
    outcome.replaceChildren(saveOutcome(await saveDoc(doc, structuredClone(content)), refresh));
  } }, t("authority.save"));
  return [h("h1", {}, t("authority.title")), h("p", { class: "muted" }, t("authority.intro")), sections, h("p", {}, save), outcome];
}
"""#
}
