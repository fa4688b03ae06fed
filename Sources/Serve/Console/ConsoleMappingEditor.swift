/// The mapping editor (映射), appended to `/console/pages.js`: a stream's source columns with sample
/// values, the element each is mapped to now and the suggestion (with its reason) from
/// `/v1/admin/suggest`; a suggestion accepted one by one changes the mapping in the page, saved
/// through `/v1/admin/config` with If-Match. (First slice: value maps and a live preview of the
/// unsaved mapping are still to come; the saved mapping's preview is one link away.)
enum ConsoleMappingEditor {
    static let js = #"""

export async function mapping(refresh) {
  const runs = await api.get("/v1/admin/runs?limit=1");
  const stream = params().get("stream") || runs.streams[0]?.stream;
  const picker = h("form", { class: "inline", onsubmit: (e) => { e.preventDefault(); go("mapping", { stream: e.target.stream.value }); } },
    h("label", {}, t("mapping.stream"), h("select", { name: "stream", onchange: (e) => go("mapping", { stream: e.target.value }) },
      runs.streams.map((s) => h("option", { value: s.stream, selected: s.stream === stream }, s.stream)))));
  const listing = await api.get("/v1/admin/config");
  const files = await Promise.all(listing.files.map((f) => f.path).filter((p) => p.startsWith("mappings/"))
    .map((p) => api.get(`/v1/admin/config/file?path=${encodeURIComponent(p)}`)));
  const file = files.find((f) => f.content.stream === stream);
  if (!file) return [h("h1", {}, t("mapping.title")), picker, h("p", {}, t("mapping.none"))];
  const suggestions = await api.get(`/v1/admin/suggest?stream=${encodeURIComponent(stream)}`);
  const content = structuredClone(file.content);
  let etag = file.etag;
  const fromOf = (element) => { const f = content.fields?.[element]; return typeof f === "string" ? f : f?.from; };
  const mappedTo = (column) => Object.keys(content.fields || {}).find((e) => fromOf(e) === column);
  const outcome = h("div", { class: "outcome", "aria-live": "polite" });
  const body = h("tbody");
  const draw = () => body.replaceChildren(...suggestions.columns.map((c) => {
    const now = mappedTo(c.column);
    const accept = c.element && c.element !== now ? h("button", { type: "button", class: "secondary accept", "data-column": c.column, onclick: () => {
      for (const e of Object.keys(content.fields)) if (fromOf(e) === c.column) delete content.fields[e];
      content.fields[c.element] = { ...(typeof content.fields[c.element] === "object" ? content.fields[c.element] : {}), from: c.column };
      draw();
    } }, t("mapping.accept", { element: c.element })) : null;
    return h("tr", { "data-column": c.column }, h("td", {}, c.column), h("td", { class: "wrap" }, c.values.join(" · ")),
      h("td", { class: "current" }, now ? elementCell(now) : "—"), h("td", {}, c.element ? elementCell(c.element) : "—"),
      h("td", {}, `${Math.round(c.confidence * 100)}%`), h("td", { class: "wrap" }, c.reason), h("td", {}, accept));
  }));
  draw();
  const save = h("button", { type: "button", class: "save-mapping", onclick: async () => {
    const answer = await api.send(`/v1/admin/config/file?path=${encodeURIComponent(file.path)}`, { method: "PUT", body: content, headers: { "If-Match": `"${etag}"` } });
    outcome.replaceChildren(saveOutcome(answer, refresh));
    if (answer.status === 200) etag = answer.body.etag;
  } }, t("mapping.save"));
  const heads = ["column", "samples", "current", "suggested", "confidence", "reason", ""].map((k) => h("th", {}, k ? t("mapping.col." + k) : ""));
  return [h("h1", {}, t("mapping.title")), picker,
    h("p", {}, t("mapping.summary", { stream, file: file.path, entity: entityName(suggestions.entity), rows: suggestions.rows })),
    h("div", { class: "scroll" }, h("table", {}, h("thead", {}, h("tr", {}, heads)), body)),
    h("p", {}, save, " ", h("a", { href: `#/preview?stream=${encodeURIComponent(stream)}` }, t("mapping.preview")), " ", h("a", { class: "history-link", href: filesLink(file.path) }, t("files.link"))), outcome];
}
"""#
}
