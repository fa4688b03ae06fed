/// The connectors page (配置 → 数据源), appended to `/console/pages.js`: the files of `connectors/`
/// read and saved through `/v1/admin/config` (If-Match; a 422's problems beside the form, a 412 as
/// "someone else changed this file" with a reload). Secrets appear only as the name of an
/// environment variable or a file: the form has no field for a secret's value.
enum ConsoleConnectors {
    static let js = #"""

const connectorPath = (name) => `connectors/${name}.json`;
const envName = /^[A-Z_][A-Z0-9_]*$/;

/// Every secret reference of a connector ({env, file} objects), with its JSON path.
function secretsOf(value, path = "") {
  if (!value || typeof value !== "object") return [];
  if (!Array.isArray(value) && ("env" in value || "file" in value) && !("name" in value))
    return [{ path: path.slice(1), ref: value }];
  return Object.entries(value).flatMap(([key, child]) => secretsOf(child, `${path}.${key}`));
}

const secretText = (ref) => [ref.env ? t("connectors.env", { name: ref.env }) : null, ref.file ? t("connectors.file", { name: ref.file }) : null]
  .filter(Boolean).join(" · ");

/// The answer of a save, as the page shows it (problems beside the form; a stale file with a reload).
function saveOutcome(answer, reload) {
  if (answer.status === 200 || answer.status === 201) return h("p", { class: "saved", role: "status" }, t("connectors.saved", { etag: answer.body.etag.slice(0, 12) }));
  if (answer.status === 412) return h("div", { class: "error", role: "alert" }, h("p", {}, t("connectors.stale")),
    h("button", { type: "button", class: "secondary", onclick: reload }, t("connectors.reload")));
  if (answer.status === 422) return h("div", { class: "error problems", role: "alert" }, h("p", {}, t("connectors.invalid")),
    h("ul", {}, (answer.body.problems || []).map((p) => h("li", {}, h("code", {}, `${p.file}${p.path ? " " + p.path : ""}`), " ", p.message, p.fix ? [h("br"), t("connectors.fix"), p.fix] : null))));
  return h("p", { class: "error", role: "alert" }, `${answer.body?.error?.code || answer.status}: ${answer.body?.error?.message || ""}`);
}

export async function connectors(refresh) {
  const file = params().get("file");
  if (file) return connector(file, refresh);
  const listing = await api.get("/v1/admin/config");
  const paths = listing.files.map((f) => f.path).filter((p) => /^connectors\/[^/]+\.json$/.test(p));
  const files = await Promise.all(paths.map((p) => api.get(`/v1/admin/config/file?path=${encodeURIComponent(p)}`)));
  const rows = files.map((f) => ({ path: f.path, ...f.content }));
  return [h("h1", {}, t("connectors.title")), h("p", { class: "muted" }, t("connectors.intro")),
    table([column("name", (c) => h("a", { href: `#/connectors?file=${encodeURIComponent(c.path)}` }, c.name)), column("title", (c) => c.title || ""),
      column("kind", (c) => c.kind), column("department", (c) => c.department || ""),
      column("streams", (c) => (c.streams || []).map((s) => `${c.name}.${s.name}`).join(", "), true),
      column("secrets", (c) => secretsOf(c).map((s) => secretText(s.ref)).join("; "), true)], rows, { empty: t("connectors.none") }),
    h("h2", {}, t("connect.title")), addForm()];
}

async function connector(path, refresh) {
  const file = await api.send(`/v1/admin/config/file?path=${encodeURIComponent(path)}`);
  if (file.status !== 200) throw new Error(`${file.body?.error?.code || file.status}: ${file.body?.error?.message || ""}`);
  const content = file.body.content;
  let etag = file.body.etag;
  const secrets = secretsOf(content);
  const outcome = h("div", { class: "outcome", "aria-live": "polite" });
  const found = h("div", { class: "connection", "aria-live": "polite" });
  const removal = h("div", { class: "outcome removal", "aria-live": "polite" });
  const field = (key, value, attrs = {}) => h("label", {}, t("connectors.field." + key), h("input", { name: key, value: value ?? "", ...attrs }));
  const form = h("form", { class: "stacked", onsubmit: async (e) => {
    e.preventDefault();
    const next = structuredClone(content);
    next.title = e.target.title.value.trim();
    next.department = e.target.department.value.trim();
    for (const [i, s] of secrets.entries()) {
      const env = e.target[`env${i}`].value.trim(), fileName = e.target[`file${i}`].value.trim();
      if (env && !envName.test(env)) { outcome.replaceChildren(h("p", { class: "error", role: "alert" }, t("connectors.badEnv", { name: env }))); return; }
      let target = next;
      for (const key of s.path.split(".").slice(0, -1)) target = target[key];
      const ref = { ...(env ? { env } : {}), ...(fileName ? { file: fileName } : {}) };
      if ("default" in s.ref) ref.default = s.ref.default;
      target[s.path.split(".").pop()] = ref;
    }
    const answer = await api.send(`/v1/admin/config/file?path=${encodeURIComponent(path)}`, { method: "PUT", body: next, headers: { "If-Match": `"${etag}"` } });
    outcome.replaceChildren(saveOutcome(answer, refresh));
    // The page stays (no re-render under the operator's hands); the next save or removal names the new version.
    if (answer.status === 200) { etag = answer.body.etag; Object.assign(content, next); }
  } },
    field("title", content.title), field("department", content.department),
    secrets.length ? h("fieldset", {}, h("legend", {}, t("connectors.secrets")), h("p", { class: "muted" }, t("connectors.secretsNote")),
      secrets.map((s, i) => h("div", { class: "secret" }, h("code", {}, s.path),
        h("label", {}, t("connectors.field.env"), h("input", { name: `env${i}`, value: s.ref.env || "", pattern: "[A-Z_][A-Z0-9_]*", autocomplete: "off", spellcheck: "false" })),
        h("label", {}, t("connectors.field.file"), h("input", { name: `file${i}`, value: s.ref.file || "", autocomplete: "off", spellcheck: "false" }))))) : null,
    h("button", { type: "submit" }, t("connectors.save")), outcome);
  const streams = (content.streams || []).map((s) => ({ stream: `${content.name}.${s.name}`, where: s.file || s.path || s.table || s.query || "", encoding: s.encoding || "" }));
  return [h("p", {}, h("a", { href: "#/connectors" }, t("connectors.back"))), h("h1", {}, `${content.name} · ${content.title || ""}`),
    table([column("kind", (r) => r.kind), column("department", (r) => r.department || ""), column("file", () => path), column("etag", () => etag.slice(0, 12))],
      [content]),
    h("h2", {}, t("connectors.streams")),
    table([column("stream", (s) => s.stream), column("where", (s) => s.where, true), column("encoding", (s) => s.encoding),
      column("mapping", (s) => h("a", { href: `#/preview?stream=${encodeURIComponent(s.stream)}` }, t("overview.preview"))),
      { title: "", cell: (s) => h("button", { type: "button", class: "secondary test-connection", onclick: () => testConnection(s.stream, found) }, t("connectors.test")) }], streams),
    found,
    h("h2", {}, t("connectors.edit")), h("p", {}, h("a", { class: "history-link", href: filesLink(path) }, t("files.link"))), form,
    h("h2", {}, t("connectors.remove")), h("p", { class: "muted" }, t("connectors.removeNote")),
    h("button", { type: "button", class: "danger remove-connector", onclick: async () => {
      if (!confirm(t("connectors.confirmRemove", { file: path }))) return;
      const answer = await api.send(`/v1/admin/config/file?path=${encodeURIComponent(path)}`, { method: "DELETE", headers: { "If-Match": `"${etag}"` } });
      if (answer.status === 200) return go("connectors", {});
      removal.replaceChildren(saveOutcome(answer, refresh));
    } }, t("connectors.remove")), removal];
}

/// "Test connection": the source's header and first rows as the hub reads them (nothing is written).
async function testConnection(stream, into) {
  into.replaceChildren(h("p", { class: "muted" }, t("connectors.testing", { stream })));
  const answer = await api.get(`/v1/admin/connectors/test?stream=${encodeURIComponent(stream)}&limit=5`);
  if (!answer.ok) {
    into.replaceChildren(h("div", { class: "error", role: "alert" }, h("p", {}, t("connectors.testFailed", { stream })), h("p", {}, answer.problem),
      answer.fix ? h("p", {}, t("connectors.fix"), answer.fix) : null));
    return;
  }
  const columns = answer.columns.map((name, i) => ({ title: name, cell: (r) => r.values[i] ?? "∅" }));
  into.replaceChildren(h("h3", {}, t("connectors.tested", { stream, columns: answer.columns.length, rows: answer.rows.length })),
    answer.encoding ? h("p", {}, t("connectors.encoding", { encoding: answer.encoding })) : null,
    answer.detectedEncoding ? h("p", { class: "detected-encoding" }, t("connect.detectedEncoding", { encoding: answer.detectedEncoding.toUpperCase() })) : null,
    table([{ title: t("col.row"), cell: (r) => r.row }, ...columns], answer.rows));
}

/// "添加数据源": where the source is → "测试连接" (POST /v1/admin/connectors/draft: what the hub found and
/// the drafted files) → "保存" (both files in one POST /v1/admin/config/batch, each new) → the mapping editor.
/// No field holds a secret's value: a password is the name of a variable or a file.
function addForm() {
  const found = h("div", { class: "connection new-connection", "aria-live": "polite" });
  const outcome = h("div", { class: "outcome", "aria-live": "polite" });
  let drafted = null, draftedFor = "";
  const input = (key, label, attrs = {}) => h("label", { "data-field": key }, t(label), h("input", { name: key, autocomplete: "off", spellcheck: "false", ...attrs }));
  const kind = h("select", { name: "kind", onchange: () => showKind() },
    ["csv", "xlsx", "sqlite", "postgres"].map((k) => h("option", { value: k }, t("connect.kind." + k))));
  const form = h("form", { class: "stacked", id: "add-connector", onsubmit: async (e) => { e.preventDefault(); await save(); } },
    h("p", { class: "muted" }, t("connect.intro")),
    input("name", "connect.name", { required: true, pattern: "[\\w\\-]+" }), input("title", "connect.titleField"), input("department", "connect.department"),
    h("label", {}, t("connect.kind"), kind),
    input("file", "connect.file", { placeholder: "exports/xsjbxx.csv" }), input("encoding", "connect.encoding", { placeholder: "gb18030" }),
    input("delimiter", "connect.delimiter", { maxlength: 2 }),
    input("sheet", "connect.sheet", { placeholder: "学生名单" }), input("headerRow", "connect.headerRow", { type: "number", min: 1, max: 1000 }),
    input("connection", "connect.connection", { placeholder: "host=10.0.0.5 port=5432 dbname=hr user=campushub" }),
    input("table", "connect.table"), input("query", "connect.query"),
    input("passwordEnv", "connect.passwordEnv", { pattern: "[A-Z_][A-Z0-9_]*", placeholder: "HR_DB_PASSWORD" }), input("passwordFile", "connect.passwordFile"),
    h("p", { class: "muted secret-note", "data-field": "passwordEnv" }, t("connect.secretNote")),
    input("entity", "connect.entity", { placeholder: "student" }),
    h("p", { class: "actions" }, h("button", { type: "button", class: "secondary test-new-connector", onclick: () => test() }, t("connect.test")), " ",
      h("button", { type: "submit", class: "save-connector" }, t("connect.save"))),
    found, outcome);
  const shown = { csv: ["file", "encoding", "delimiter"], xlsx: ["file", "sheet", "headerRow"], sqlite: ["file", "table", "query"], postgres: ["connection", "table", "query", "passwordEnv", "passwordFile"] };
  function showKind() {
    const all = new Set(Object.values(shown).flat());
    for (const node of form.querySelectorAll("[data-field]")) {
      const key = node.getAttribute("data-field");
      if (all.has(key)) node.hidden = !shown[kind.value].includes(key);
    }
  }
  showKind();
  function body() {
    const v = (k) => form.elements[k].value.trim();
    const description = { name: v("name"), title: v("title"), department: v("department"), kind: kind.value, entity: v("entity") };
    if (kind.value === "csv") Object.assign(description, { file: v("file"), encoding: v("encoding"), delimiter: v("delimiter") });
    if (kind.value === "xlsx") Object.assign(description, { file: v("file"), sheet: v("sheet"), ...(v("headerRow") ? { headerRow: Number(v("headerRow")) } : {}) });
    if (kind.value === "sqlite") Object.assign(description, { database: v("file"), table: v("table"), query: v("query") });
    if (kind.value === "postgres") {
      Object.assign(description, { connection: v("connection"), table: v("table"), query: v("query") });
      const password = { ...(v("passwordEnv") ? { env: v("passwordEnv") } : {}), ...(v("passwordFile") ? { file: v("passwordFile") } : {}) };
      if (Object.keys(password).length) description.password = password;
    }
    return description;
  }
  async function test() {
    outcome.replaceChildren();
    const description = body();
    found.replaceChildren(h("p", { class: "muted" }, t("connect.testing")));
    const answer = await api.send("/v1/admin/connectors/draft", { method: "POST", body: description });
    drafted = null;
    if (answer.status !== 200) { found.replaceChildren(saveOutcome(answer, () => {})); return null; }
    const a = answer.body;
    if (!a.ok) {
      found.replaceChildren(h("div", { class: "error", role: "alert" }, h("p", {}, t("connect.failed"), a.problem), a.fix ? h("p", {}, t("connectors.fix"), a.fix) : null));
      return null;
    }
    const delimiter = a.detectedDelimiter === "\t" ? t("connect.tab") : a.detectedDelimiter;
    const existing = (a.files || []).filter((f) => f.exists).map((f) => f.path);
    found.replaceChildren(h("h3", {}, t("connect.found", { columns: a.columns.length, rows: a.sampleRows })),
      a.detectedEncoding ? h("p", { class: "detected-encoding" }, t("connect.detectedEncoding", { encoding: a.detectedEncoding.toUpperCase() }),
        a.encoding && a.encoding !== a.detectedEncoding ? t("connect.usedEncoding", { encoding: a.encoding.toUpperCase() }) : null) : null,
      a.detectedDelimiter ? h("p", { class: "detected-delimiter" }, t("connect.detectedDelimiter", { delimiter })) : null,
      h("p", { class: "columns" }, t("connect.columns", { columns: a.columns.join("、") })),
      h("h4", {}, t("connect.firstRows", { n: a.rows.length })),
      table([{ title: t("col.row"), cell: (r) => r.row }, ...a.columns.map((name, i) => ({ title: name, cell: (r) => r.values[i] ?? "∅" }))], a.rows),
      a.files ? h("p", { class: "drafted" }, t("connect.drafted", { connector: a.files[0].path, mapping: a.files[1].path, entity: entityName(a.entity) }))
        : h("p", { class: "error" }, t("connect.noDraft"), a.problem || "", a.fix ? [" ", t("connectors.fix"), a.fix] : null),
      existing.map((file) => h("p", { class: "error", role: "alert" }, t("connect.exists", { file }))));
    if (a.files) { drafted = a; draftedFor = JSON.stringify(description); }
    return drafted;
  }
  async function save() {
    // What is saved is what was tested: a form changed since is tested again first.
    if (!drafted || draftedFor !== JSON.stringify(body())) await test();
    if (!drafted) return;
    const existing = drafted.files.filter((f) => f.exists).map((f) => f.path);
    if (existing.length) { outcome.replaceChildren(...existing.map((file) => h("p", { class: "error", role: "alert" }, t("connect.exists", { file })))); return; }
    outcome.replaceChildren(h("p", { class: "muted" }, t("connect.saving")));
    const files = drafted.files.map((f) => ({ path: f.path, content: f.content, ifNoneMatch: "*" }));
    const answer = await api.send("/v1/admin/config/batch", { method: "POST", body: { files } });
    if (answer.status === 201 || answer.status === 200) {
      outcome.replaceChildren(h("p", { class: "saved", role: "status" }, t("connect.savedGo")));
      setTimeout(() => go("mapping", { stream: drafted.stream }), 300);
      return;
    }
    outcome.replaceChildren(saveOutcome(answer, () => go("connectors", {})));
  }
  return form;
}
"""#
}
