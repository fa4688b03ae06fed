/// `/console/pages.js`: one function per console page; each reads the admin API and returns the page.
enum ConsolePages {
    static let js = #"""
import { h, table, state, duration, api, params, go } from "/console/dom.js";
import { runsChart, barChart } from "/console/charts.js";

const runColumns = [
  { title: "Run", cell: (r) => r.run }, { title: "Started", cell: (r) => r.startedAt }, { title: "Duration", cell: duration },
  { title: "State", cell: (r) => state(r.status) }, { title: "Read", cell: (r) => r.read }, { title: "Inserted", cell: (r) => r.inserted },
  { title: "Updated", cell: (r) => r.updated }, { title: "Unchanged", cell: (r) => r.unchanged }, { title: "Rejected", cell: (r) => r.rejected },
  { title: "Message", cell: (r) => r.message || "", wrap: true },
];

export async function overview() {
  const data = await api.get("/v1/admin/runs?limit=20");
  const cards = h("div", { class: "cards" }, Object.entries(data.records).map(([entity, count]) =>
    h("div", { class: "card" }, h("div", { class: "n" }, count.toLocaleString()), h("div", { class: "l" }, entity + " records"))));
  const streams = data.streams.map((s) => {
    const last = s.runs[0];
    return h("section", { class: "stream", "data-stream": s.stream },
      h("header", {}, h("h2", {}, s.stream), h("span", { class: "muted" }, `${s.department} → ${s.entity || "?"}`),
        last ? state(last.status) : h("span", { class: "muted" }, "never run"),
        h("a", { href: `#/quality?stream=${encodeURIComponent(s.stream)}` }, "quality"),
        h("a", { href: `#/preview?stream=${encodeURIComponent(s.stream)}` }, "preview")),
      s.runs.length ? [h("div", { class: "legend" }, h("span", {}, h("i", { class: "read" }), "rows read"), h("span", {}, h("i", { class: "rejected" }), "rejected")),
        runsChart(s.runs, `${s.stream}: rows read and rejected per run`, data.timeZone), table(runColumns, s.runs.slice(0, 5))] : null);
  });
  return [h("h1", {}, "Overview"), cards, streams];
}

export async function quality() {
  const runs = await api.get("/v1/admin/runs?limit=1");
  const query = params();
  const stream = query.get("stream") || runs.streams.find((s) => s.runs.length)?.stream;
  const picker = h("form", { class: "inline", onsubmit: (e) => { e.preventDefault(); go("quality", { stream: e.target.stream.value }); } },
    h("label", {}, "Stream", h("select", { name: "stream", onchange: (e) => go("quality", { stream: e.target.value }) },
      runs.streams.map((s) => h("option", { value: s.stream, selected: s.stream === stream }, s.stream)))));
  if (!stream) return [h("h1", {}, "Data quality"), h("p", {}, "No runs yet: `campushub sync --all`.")];
  const data = await api.get(`/v1/admin/quality?stream=${encodeURIComponent(stream)}`);
  const counts = new Map();
  for (const entry of data.report.filter((e) => e.outcome !== "passed" && e.outcome !== "ok")) {
    const key = `${entry.element} · ${entry.rule} · ${entry.outcome}`;
    counts.set(key, { key, label: key, element: entry.element, rule: entry.rule, outcome: entry.outcome, count: entry.count });
  }
  const items = [...counts.values()].sort((a, b) => b.count - a.count);
  const selected = query.get("bar") || items[0]?.key;
  const bar = items.find((i) => i.key === selected);
  const select = (item) => go("quality", { stream, bar: item.key });
  const behind = bar ? (bar.outcome === "rejected"
    ? data.rejects.filter((r) => r.issues.some((i) => i.element === bar.element && i.rule === bar.rule))
        .flatMap((r) => r.issues.filter((i) => i.element === bar.element && i.rule === bar.rule).map((i) => ({ ...i, row: r.row, key: r.key, status: r.status })))
    : data.warnings.filter((w) => w.element === bar.element && w.rule === bar.rule)) : [];
  return [h("h1", {}, "Data quality"), picker,
    h("p", {}, `Run ${data.run.run} of ${stream} (${data.run.startedAt}): read ${data.run.read}, rejected ${data.run.rejected}.`),
    items.length ? barChart(items, select, selected) : h("p", { class: "muted" }, "This run broke no rule."),
    bar ? [h("h2", {}, `Rows behind ${bar.label} (${behind.length})`), table([
      { title: "Row", cell: (r) => r.row }, { title: "Key", cell: (r) => r.key || "" }, { title: "Element", cell: (r) => r.element },
      { title: "Rule", cell: (r) => r.rule }, { title: "Value", cell: (r) => r.value ?? "" }, { title: "Reason", cell: (r) => r.reason, wrap: true },
    ], behind)] : null];
}

export async function record() {
  const query = params();
  const entity = query.get("entity") || "student", key = query.get("key") || "";
  const form = h("form", { class: "inline", onsubmit: (e) => { e.preventDefault(); go("record", { entity: e.target.entity.value, key: e.target.key.value.trim() }); } },
    h("label", {}, "Entity", h("select", { name: "entity" }, ["student", "staff", "unit", "major", "class"].map((n) => h("option", { value: n, selected: n === entity }, n)))),
    h("label", {}, "Key", h("input", { name: "key", value: key, placeholder: "XH, GH, DWH…" })), h("button", { type: "submit" }, "Show"));
  if (!key) return [h("h1", {}, "Record lookup"), form];
  const r = await api.get(`/v1/admin/records/${encodeURIComponent(entity)}/${encodeURIComponent(key)}`);
  const fields = Object.entries(r.fields).map(([element, f]) => ({ element, ...f }));
  return [h("h1", {}, `${r.entity} ${r.key}`), form,
    h("p", {}, `version ${r.version}, created ${r.createdAt}, updated ${r.updatedAt}`, r.active ? "" : " — INACTIVE"),
    r.person ? h("p", {}, `person ${r.person.id}: `, r.person.roles.map((role) => `${role.entity} ${role.key} (${role.basis})`).join(", ")) : null,
    h("h2", {}, "Fields and provenance"),
    table([{ title: "Element", cell: (f) => f.element }, { title: "Name", cell: (f) => f.name || "" }, { title: "Value", cell: (f) => f.value },
      { title: "Label", cell: (f) => f.label || "" }, { title: "Source", cell: (f) => f.source || "" }, { title: "Row", cell: (f) => f.row ?? "" },
      { title: "Run", cell: (f) => f.run ?? "" }, { title: "As of", cell: (f) => f.asOf || "" }, { title: "Write-back", cell: (f) => f.writeback || "" }], fields),
    h("h2", {}, "Conflicts"),
    table([{ title: "Element", cell: (c) => c.element }, { title: "Kept (owner)", cell: (c) => `${c.goldenValue} (${c.goldenStream})` },
      { title: "Others", cell: (c) => c.others.map((o) => `${o.value} (${o.stream})`).join(", "), wrap: true }, { title: "Since", cell: (c) => c.openedAt }],
      r.conflicts || [], { empty: "its sources agree" }),
    h("h2", {}, "Versions"),
    table([{ title: "Version", cell: (v) => v.version }, { title: "Run", cell: (v) => v.run }, { title: "Changed", cell: (v) => v.changedAt },
      { title: "Changes", cell: (v) => v.changes.map((c) => `${c.element}: ${c.from ?? "∅"} → ${c.to ?? "∅"}`).join("; "), wrap: true }], r.history || [])];
}

export async function preview() {
  const runs = await api.get("/v1/admin/runs?limit=1");
  const query = params();
  const stream = query.get("stream") || runs.streams[0]?.stream, limit = query.get("limit") || "20";
  const form = h("form", { class: "inline", onsubmit: (e) => { e.preventDefault(); go("preview", { stream: e.target.stream.value, limit: e.target.limit.value }); } },
    h("label", {}, "Stream", h("select", { name: "stream" }, runs.streams.map((s) => h("option", { value: s.stream, selected: s.stream === stream }, s.stream)))),
    h("label", {}, "Rows", h("input", { name: "limit", type: "number", min: 1, max: 200, value: limit })), h("button", { type: "submit" }, "Preview"));
  const data = await api.get(`/v1/admin/preview/${encodeURIComponent(stream)}?limit=${encodeURIComponent(limit)}`);
  return [h("h1", {}, "Mapping preview"), form,
    h("p", {}, `${data.stream} → ${data.entity}: ${data.rows.length} source rows, ${data.records} would become records, ${data.rejects} would be quarantined. Nothing is written.`),
    table([{ title: "Row", cell: (r) => r.row }, { title: "Outcome", cell: (r) => state(r.record ? (r.warnings.length ? "warn" : "ok") : "reject") },
      { title: "Source row", cell: (r) => Object.entries(r.source).map(([c, v]) => `${c}=${v ?? "∅"}`).join("  "), wrap: true },
      { title: "Normalised record", cell: (r) => r.record ? Object.entries(r.record.fields).map(([e, v]) => `${e}=${v}`).join("  ") : "—", wrap: true },
      { title: "Issues", cell: (r) => [...r.issues, ...r.warnings].map((i) => `${i.element} [${i.rule}, ${i.severity}] ${i.reason}`).join("; "), wrap: true }], data.rows)];
}

export async function outbox(refresh) {
  const [all, dead] = await Promise.all([api.get("/v1/admin/outbox?limit=50"), api.get("/v1/admin/outbox?state=dead&limit=100")]);
  const act = async (id, action) => {
    if (!confirm(`${action} write-back ${id}?`)) return;
    await api.post(`/v1/admin/outbox/${encodeURIComponent(id)}/${action}`);
    refresh();
  };
  const columns = [{ title: "ID", cell: (w) => w.id }, { title: "State", cell: (w) => state(w.state) }, { title: "Target", cell: (w) => w.target },
    { title: "Subject", cell: (w) => `${w.subject?.entity} ${w.subject?.key}` }, { title: "Attempts", cell: (w) => w.attempts },
    { title: "Accepted", cell: (w) => w.acceptedAt }, { title: "Last error", cell: (w) => w.lastError || "", wrap: true }];
  return [h("h1", {}, "Outbox"),
    h("div", { class: "cards" }, Object.entries(all.byState).map(([s, n]) => h("div", { class: "card" }, h("div", { class: "n" }, n), h("div", { class: "l" }, s))),
      h("div", { class: "card" }, h("div", { class: "n" }, Math.round(all.oldestAgeSeconds) + " s"), h("div", { class: "l" }, "oldest undelivered"))),
    h("h2", {}, `Dead letters (${dead.items.length})`),
    table([...columns, { title: "", cell: (w) => [h("button", { class: "secondary", onclick: () => act(w.id, "retry") }, "Retry"), " ",
      h("button", { class: "danger", onclick: () => act(w.id, "cancel") }, "Cancel")] }], dead.items, { empty: "no dead letters" }),
    h("h2", {}, "Newest write-backs"), table(columns, all.items, { empty: "no write-backs yet" })];
}

export async function audit() {
  const query = params();
  const filters = ["consumer", "subject", "action"].filter((n) => query.get(n)).map((n) => `${n}=${encodeURIComponent(query.get(n))}`);
  const [found, chain] = await Promise.all([api.get("/v1/admin/audit?limit=100" + filters.map((f) => "&" + f).join("")), api.get("/v1/admin/audit/verify")]);
  const form = h("form", { class: "inline", onsubmit: (e) => { e.preventDefault(); go("audit", { consumer: e.target.consumer.value, subject: e.target.subject.value, action: e.target.action.value }); } },
    ["consumer", "subject", "action"].map((n) => h("label", {}, n, h("input", { name: n, value: query.get(n) || "" }))), h("button", { type: "submit" }, "Search"));
  return [h("h1", {}, "Audit"),
    h("p", { class: "verify" }, chain.intact ? state("ok") : state("broken"), " ",
      chain.intact ? `chain intact: ${chain.entries} entries, last ${chain.last?.seq} at ${chain.last?.at}, MAC ${chain.last?.hash?.slice(0, 16)}…`
                     + (chain.checkpoint ? `; checkpoint of ${chain.checkpoint.at} (entries up to ${chain.checkpoint.seq}) matches` : "")
                   : chain.broken.problem),
    form,
    table([{ title: "Seq", cell: (e) => e.seq }, { title: "At", cell: (e) => e.at }, { title: "Actor", cell: (e) => e.actor }, { title: "Action", cell: (e) => e.action },
      { title: "Subject", cell: (e) => [e.entity, e.subject || e.filter].filter(Boolean).join(" ") }, { title: "Purpose", cell: (e) => e.purpose || "" },
      { title: "Outcome", cell: (e) => e.outcome }, { title: "Fields", cell: (e) => e.fields || "", wrap: true }], found.items, { empty: "no entries match" })];
}

export async function access() {
  const data = await api.get("/v1/admin/access");
  return [h("h1", {}, "Consumers, tokens and policies"),
    h("h2", {}, "Consumers"),
    table([{ title: "Name", cell: (c) => c.name }, { title: "Title", cell: (c) => c.title }, { title: "Department", cell: (c) => c.department || "" },
      { title: "Admin", cell: (c) => c.admin ? "yes" : "" }, { title: "Browser origins", cell: (c) => c.origins.join(", ") }], data.consumers),
    h("h2", {}, "Tokens"),
    table([{ title: "ID", cell: (t) => t.id }, { title: "Consumer", cell: (t) => t.consumer }, { title: "Created", cell: (t) => t.createdAt },
      { title: "Expires", cell: (t) => t.expiresAt || "never" }, { title: "State", cell: (t) => state(t.state) }], data.tokens),
    h("h2", {}, "Policies"),
    table([{ title: "Consumer", cell: (p) => p.consumer }, { title: "Entity", cell: (p) => p.entity },
      { title: "Fields", cell: (p) => p.fields.map((f) => p.masks[f] ? `${f} (${p.masks[f]})` : f).join(", "), wrap: true },
      { title: "Rows", cell: (p) => Object.entries(p.scope).map(([e, v]) => `${e} ∈ ${v.join("/")}`).join("; ") || "all" },
      { title: "Purposes", cell: (p) => p.purposes.join(", ") }, { title: "Forms", cell: (p) => p.forms.join(", "), wrap: true },
      { title: "Write-back", cell: (p) => p.writebacks.map((w) => `${w.target}: ${w.fields.join(", ")}`).join("; ") },
      { title: "Valid", cell: (p) => state(p.valid ? "ok" : "expired") }, { title: "Expires", cell: (p) => p.expires || "" }], data.policies)];
}
"""#
}
