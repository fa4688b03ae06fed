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
    h("h2", {}, t("connectors.add")), addForm()];
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
    table([{ title: t("col.row"), cell: (r) => r.row }, ...columns], answer.rows));
}

function addForm() {
  const outcome = h("div", { class: "outcome", "aria-live": "polite" });
  const field = (key, attrs = {}) => h("label", {}, t("connectors.field." + key), h("input", { name: key, ...attrs }));
  return h("form", { class: "stacked", id: "add-connector", onsubmit: async (e) => {
    e.preventDefault();
    const v = (k) => e.target[k].value.trim();
    const body = { name: v("name"), title: v("title"), department: v("department"), kind: "csv",
      streams: [{ name: v("stream"), file: v("file"), encoding: v("encoding") || "utf-8", delimiter: "," }] };
    const answer = await api.send(`/v1/admin/config/file?path=${encodeURIComponent(connectorPath(body.name))}`,
      { method: "PUT", body, headers: { "If-None-Match": "*" } });
    outcome.replaceChildren(saveOutcome(answer, () => go("connectors", { file: connectorPath(body.name) })));
    if (answer.status === 201) setTimeout(() => go("connectors", { file: connectorPath(body.name) }), 600);
  } },
    h("p", { class: "muted" }, t("connectors.addNote")),
    field("name", { required: true, pattern: "[a-z][a-z0-9-]*", autocomplete: "off" }), field("title", { required: true }), field("department"),
    field("stream", { required: true, pattern: "[a-z][a-z0-9_-]*", autocomplete: "off" }), field("file", { required: true, placeholder: "demo-data/jw/xsjbxx.csv" }),
    field("encoding", { placeholder: "gb18030" }),
    h("button", { type: "submit" }, t("connectors.create")), outcome);
}
"""#
}
