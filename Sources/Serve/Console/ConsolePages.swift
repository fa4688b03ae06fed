/// `/console/pages.js`: one function per console page; each reads the admin API and returns the page.
/// Texts come from `t` (ConsoleStrings), times from `localTime` (the college's time zone).
enum ConsolePages {
    static let js = #"""
import { h, table, state, duration, api, params, go, elementCell } from "/console/dom.js";
import { runsChart, barChart } from "/console/charts.js";
import { t, stateLabel, number, localTime, element, codeValue, entityName } from "/console/locale.js";

const column = (key, cell, wrap) => ({ title: t("col." + key), cell, wrap });

const runColumns = () => [
  column("run", (r) => r.run), column("startedAt", (r) => localTime(r.startedAt)), column("duration", duration),
  column("state", (r) => state(r.status)), column("read", (r) => number(r.read)), column("inserted", (r) => number(r.inserted)),
  column("updated", (r) => number(r.updated)), column("unchanged", (r) => number(r.unchanged)), column("rejected", (r) => number(r.rejected)),
  column("message", (r) => r.message || "", true),
];

export async function overview(refresh) {
  const data = await api.get("/v1/admin/runs?limit=20");
  const synced = takeLastSync();
  const cards = h("div", { class: "cards" }, Object.entries(data.records).map(([entity, count]) =>
    h("div", { class: "card" }, h("div", { class: "n" }, number(count)), h("div", { class: "l" }, t("overview.records", { entity: entityName(entity) })))));
  const streams = data.streams.map((s) => {
    const last = s.runs[0];
    return h("section", { class: "stream", "data-stream": s.stream },
      h("header", {}, h("h2", {}, s.stream), h("span", { class: "muted" }, `${s.department} → ${s.entity ? entityName(s.entity) : "?"}`),
        last ? state(last.status) : h("span", { class: "muted" }, t("overview.never")),
        h("a", { href: `#/quality?stream=${encodeURIComponent(s.stream)}` }, t("overview.quality")),
        h("a", { href: `#/preview?stream=${encodeURIComponent(s.stream)}` }, t("overview.preview")), syncButton(s.stream, synced, refresh)),
      s.runs.length ? [h("div", { class: "legend" }, h("span", {}, h("i", { class: "read" }), t("legend.read")), h("span", {}, h("i", { class: "rejected" }), t("legend.rejected"))),
        runsChart(s.runs, t("chart.runs", { stream: s.stream })), table(runColumns(), s.runs.slice(0, 5))] : null);
  });
  return [h("h1", {}, t("overview.title")), h("p", { class: "sync-bar" }, syncButton(undefined, synced, refresh), " ", h("span", { class: "muted" }, t("sync.note"))),
    synced, cards, streams];
}

export async function quality() {
  const runs = await api.get("/v1/admin/runs?limit=1");
  const query = params();
  const stream = query.get("stream") || runs.streams.find((s) => s.runs.length)?.stream;
  const picker = h("form", { class: "inline", onsubmit: (e) => { e.preventDefault(); go("quality", { stream: e.target.stream.value }); } },
    h("label", {}, t("quality.stream"), h("select", { name: "stream", onchange: (e) => go("quality", { stream: e.target.value }) },
      runs.streams.map((s) => h("option", { value: s.stream, selected: s.stream === stream }, s.stream)))));
  if (!stream) return [h("h1", {}, t("quality.title")), h("p", {}, t("quality.none"))];
  const data = await api.get(`/v1/admin/quality?stream=${encodeURIComponent(stream)}`);
  const counts = new Map();
  for (const entry of data.report.filter((e) => e.outcome !== "passed" && e.outcome !== "ok")) {
    const key = `${entry.element} · ${entry.rule} · ${entry.outcome}`;
    const label = `${element(entry.element)} · ${entry.rule} · ${stateLabel(entry.outcome)}`;
    counts.set(key, { key, label, element: entry.element, rule: entry.rule, outcome: entry.outcome, count: entry.count });
  }
  const items = [...counts.values()].sort((a, b) => b.count - a.count);
  const selected = query.get("bar") || items[0]?.key;
  const bar = items.find((i) => i.key === selected);
  const select = (item) => go("quality", { stream, bar: item.key });
  const behind = bar ? (bar.outcome === "rejected"
    ? data.rejects.filter((r) => r.issues.some((i) => i.element === bar.element && i.rule === bar.rule))
        .flatMap((r) => r.issues.filter((i) => i.element === bar.element && i.rule === bar.rule).map((i) => ({ ...i, row: r.row, key: r.key, status: r.status })))
    : data.warnings.filter((w) => w.element === bar.element && w.rule === bar.rule)) : [];
  return [h("h1", {}, t("quality.title")), picker,
    h("p", {}, t("quality.summary", { run: data.run.run, stream, at: localTime(data.run.startedAt), read: number(data.run.read), rejected: number(data.run.rejected) })),
    items.length ? barChart(items, select, selected) : h("p", { class: "muted" }, t("quality.clean")),
    bar ? [h("h2", {}, t("quality.behind", { label: bar.label, n: behind.length })), table([
      column("row", (r) => r.row), column("key", (r) => r.key || ""), column("element", (r) => elementCell(r.element)),
      column("rule", (r) => r.rule), column("value", (r) => r.value ?? ""), column("reason", (r) => r.reason, true),
    ], behind)] : null];
}

const changes = (list) => list.map((c) => `${element(c.element)}: ${codeValue(c.element, c.from)} → ${codeValue(c.element, c.to)}`).join("; ");

export async function record() {
  const query = params();
  const entity = query.get("entity") || "student", key = query.get("key") || "";
  const form = h("form", { class: "inline", onsubmit: (e) => { e.preventDefault(); go("record", { entity: e.target.entity.value, key: e.target.key.value.trim() }); } },
    h("label", {}, t("record.entity"), h("select", { name: "entity" },
      ["student", "staff", "unit", "major", "class"].map((n) => h("option", { value: n, selected: n === entity }, entityName(n))))),
    h("label", {}, t("record.key"), h("input", { name: "key", value: key, placeholder: t("record.keyHint") })), h("button", { type: "submit" }, t("record.show")));
  if (!key) return [h("h1", {}, t("record.lookup")), form];
  const r = await api.get(`/v1/admin/records/${encodeURIComponent(entity)}/${encodeURIComponent(key)}`);
  const fields = Object.entries(r.fields).map(([element, f]) => ({ element, ...f }));
  return [h("h1", {}, `${entityName(r.entity)} ${r.key}`), form,
    h("p", {}, t("record.meta", { version: r.version, created: localTime(r.createdAt), updated: localTime(r.updatedAt) }), r.active ? "" : t("record.inactive")),
    r.person ? h("p", {}, t("record.person", { id: r.person.id }), r.person.roles.map((role) => `${entityName(role.entity)} ${role.key} (${role.basis})`).join(", ")) : null,
    h("h2", {}, t("record.fields")),
    table([column("element", (f) => f.element), column("name", (f) => f.name || ""), column("value", (f) => f.value),
      column("label", (f) => f.label || ""), column("source", (f) => f.source || ""), column("row", (f) => f.row ?? ""),
      column("run", (f) => f.run ?? ""), column("asOf", (f) => localTime(f.asOf)), column("writeback", (f) => f.writeback ? state(f.writeback) : "")], fields),
    h("h2", {}, t("record.conflicts")),
    table([column("element", (c) => elementCell(c.element)), column("kept", (c) => `${codeValue(c.element, c.goldenValue)} (${c.goldenStream})`),
      column("others", (c) => c.others.map((o) => `${codeValue(c.element, o.value)} (${o.stream})`).join(", "), true), column("since", (c) => localTime(c.openedAt))],
      r.conflicts || [], { empty: t("record.agree") }),
    h("h2", {}, t("record.versions")),
    table([column("version", (v) => v.version), column("run", (v) => v.run), column("changedAt", (v) => localTime(v.changedAt)),
      column("changes", (v) => changes(v.changes), true)], r.history || []),
    archivedCases(r.cases)];
}

export async function preview() {
  const runs = await api.get("/v1/admin/runs?limit=1");
  const query = params();
  const stream = query.get("stream") || runs.streams[0]?.stream, limit = query.get("limit") || "20";
  const form = h("form", { class: "inline", onsubmit: (e) => { e.preventDefault(); go("preview", { stream: e.target.stream.value, limit: e.target.limit.value }); } },
    h("label", {}, t("preview.stream"), h("select", { name: "stream" }, runs.streams.map((s) => h("option", { value: s.stream, selected: s.stream === stream }, s.stream)))),
    h("label", {}, t("preview.rows"), h("input", { name: "limit", type: "number", min: 1, max: 200, value: limit })), h("button", { type: "submit" }, t("preview.submit")));
  const data = await api.get(`/v1/admin/preview/${encodeURIComponent(stream)}?limit=${encodeURIComponent(limit)}`);
  return [h("h1", {}, t("preview.title")), form,
    h("p", {}, t("preview.summary", { stream: data.stream, entity: entityName(data.entity), rows: data.rows.length, records: data.records, rejects: data.rejects })),
    table([column("row", (r) => r.row), column("outcome", (r) => state(r.record ? (r.warnings.length ? "warn" : "ok") : "reject")),
      column("sourceRow", (r) => Object.entries(r.source).map(([c, v]) => `${c}=${v ?? "∅"}`).join("  "), true),
      column("normalised", (r) => r.record ? Object.entries(r.record.fields).map(([e, v]) => `${e}=${codeValue(e, v)}`).join("  ") : "—", true),
      column("issues", (r) => [...r.issues, ...r.warnings].map((i) => `${element(i.element)} [${i.rule}, ${stateLabel(i.severity)}] ${i.reason}`).join("; "), true)], data.rows)];
}

export async function outbox(refresh) {
  const [all, dead] = await Promise.all([api.get("/v1/admin/outbox?limit=50"), api.get("/v1/admin/outbox?state=dead&limit=100")]);
  const act = async (id, action) => {
    if (!confirm(t(action === "retry" ? "outbox.confirmRetry" : "outbox.confirmCancel", { id }))) return;
    await api.post(`/v1/admin/outbox/${encodeURIComponent(id)}/${action}`);
    refresh();
  };
  const columns = [column("id", (w) => w.id), column("state", (w) => state(w.state)), column("target", (w) => w.target),
    column("subject", (w) => `${entityName(w.subject?.entity)} ${w.subject?.key}`), column("attempts", (w) => w.attempts),
    column("accepted", (w) => localTime(w.acceptedAt)), column("lastError", (w) => w.lastError || "", true)];
  return [h("h1", {}, t("outbox.title")),
    h("div", { class: "cards" }, Object.entries(all.byState).map(([s, n]) => h("div", { class: "card" }, h("div", { class: "n" }, number(n)), h("div", { class: "l" }, stateLabel(s)))),
      h("div", { class: "card" }, h("div", { class: "n" }, t("duration.seconds", { n: number(Math.round(all.oldestAgeSeconds)) })), h("div", { class: "l" }, t("outbox.oldest")))),
    h("h2", {}, t("outbox.dead", { n: dead.items.length })),
    table([...columns, { title: "", cell: (w) => [h("button", { class: "secondary", onclick: () => act(w.id, "retry") }, t("outbox.retry")), " ",
      h("button", { class: "danger", onclick: () => act(w.id, "cancel") }, t("outbox.cancel"))] }], dead.items, { empty: t("outbox.noDead") }),
    h("h2", {}, t("outbox.newest")), table(columns, all.items, { empty: t("outbox.none") })];
}

export async function audit() {
  const query = params();
  const names = ["consumer", "subject", "action"];
  const filters = names.filter((n) => query.get(n)).map((n) => `${n}=${encodeURIComponent(query.get(n))}`);
  const [found, chain] = await Promise.all([api.get("/v1/admin/audit?limit=100" + filters.map((f) => "&" + f).join("")), api.get("/v1/admin/audit/verify")]);
  const form = h("form", { class: "inline", onsubmit: (e) => { e.preventDefault(); go("audit", Object.fromEntries(names.map((n) => [n, e.target[n].value]))); } },
    names.map((n) => h("label", {}, t("audit." + n), h("input", { name: n, value: query.get(n) || "" }))), h("button", { type: "submit" }, t("audit.search")));
  return [h("h1", {}, t("audit.title")),
    h("p", { class: "verify" }, chain.intact ? state("ok") : state("broken"), " ",
      chain.intact ? t("audit.intact", { entries: number(chain.entries), seq: chain.last?.seq, at: localTime(chain.last?.at), mac: chain.last?.hash?.slice(0, 16) })
                     + (chain.checkpoint ? t("audit.checkpoint", { at: localTime(chain.checkpoint.at), seq: chain.checkpoint.seq }) : "")
                   : chain.broken.problem),
    form,
    table([column("seq", (e) => e.seq), column("at", (e) => localTime(e.at)), column("actor", (e) => e.actor), column("action", (e) => e.action),
      column("subject", (e) => [e.entity && entityName(e.entity), e.subject || e.filter].filter(Boolean).join(" ")), column("purpose", (e) => e.purpose || ""),
      column("outcome", (e) => stateLabel(e.outcome)), column("fields", (e) => e.fields || "", true)], found.items, { empty: t("audit.none") })];
}

export async function access() {
  const data = await api.get("/v1/admin/access");
  return [h("h1", {}, t("access.title")),
    h("h2", {}, t("access.consumers")),
    table([column("name", (c) => c.name), column("title", (c) => c.title), column("department", (c) => c.department || ""),
      column("admin", (c) => c.admin ? t("access.yes") : ""), column("origins", (c) => c.origins.join(", "))], data.consumers),
    h("h2", {}, t("access.tokens")),
    table([column("id", (k) => k.id), column("consumer", (k) => k.consumer), column("createdAt", (k) => localTime(k.createdAt)),
      column("expiresAt", (k) => k.expiresAt ? localTime(k.expiresAt) : t("access.never")), column("state", (k) => state(k.state))], data.tokens),
    h("h2", {}, t("access.policies")),
    table([column("consumer", (p) => p.consumer), column("entity", (p) => entityName(p.entity)),
      column("fields", (p) => p.fields.map((f) => p.masks[f] ? `${element(f)} (${p.masks[f]})` : element(f)).join(", "), true),
      column("rows", (p) => Object.entries(p.scope).map(([e, v]) => `${element(e)} ∈ ${v.join("/")}`).join("; ") || t("access.all")),
      column("purposes", (p) => p.purposes.join(", ")), column("forms", (p) => p.forms.join(", "), true),
      column("writeback", (p) => p.writebacks.map((w) => `${w.target}: ${w.fields.map(element).join(", ")}`).join("; ")),
      column("cases", (p) => (p.cases || []).join(", "), true),
      column("valid", (p) => state(p.valid ? "ok" : "expired")), column("expiresAt", (p) => localTime(p.expires))], data.policies)];
}
"""#
}
