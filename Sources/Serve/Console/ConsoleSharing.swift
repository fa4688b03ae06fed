/// The sharing pages, appended to `/console/pages.js` after `ConsoleStandards` (whose config helpers
/// they use): 共享策略 (consumers and policies: fields by standard name, masks, row scope, purposes,
/// forms, expiry, write-back grants) with the "这个消费方会看到什么" preview of one record under the
/// UNSAVED policy (`POST /v1/admin/sharing/preview`), and 预填表单 (forms.json: elements, the
/// consumers allowed to prefill, and the prefill of a sample subject, `POST /v1/admin/forms/preview`).
/// Saved through `/v1/admin/config` (standards/sharing.json, standards/forms.json).
enum ConsoleSharing {
    static let js = #"""

import { localDay as shareLocalDay } from "/console/locale.js";

const SHARING = "standards/sharing.json", FORMS = "standards/forms.json";
const maskChoices = ["", "keepLast:4", "keepLast:6", "keepFirst:1", "keepFirst:3", "keepFirst:4", "hash", "redact"];
const listOf = (text) => text.split(/[,，;；\s]+/).map((s) => s.trim()).filter(Boolean);
let shareFlash = null;
/// The picked values in the order the file had them (a save changes only what changed), new ones after.
const inOrder = (before, picked) => [...(before || []).filter((v) => picked.includes(v)), ...picked.filter((v) => !(before || []).includes(v))];
const flash = () => { const text = shareFlash; shareFlash = null; return text ? h("p", { class: "saved", role: "status" }, text) : null; };

async function sharingDocs() {
  const [sharingDoc, formsDoc, entitiesDoc, catalogue, archivingDoc] = await Promise.all([configDoc(SHARING, { standard: "", consumers: [], admins: [], policies: [] }),
    configDoc(FORMS, { forms: [] }), configDoc("standards/entities.json", { entities: [] }), api.get("/v1/admin/standards"),
    configDoc("standards/archiving.json", { items: [] })]);
  const entities = Object.fromEntries((entitiesDoc.content.entities || []).map((e) => [e.name, [...(e.required || []), ...(e.optional || [])]]));
  // The service items whose finished cases are archived: what a policy's "cases" may list.
  const items = (archivingDoc.content.items || []).map((i) => ({ item: i.item, title: i.title || i.item }));
  return { sharingDoc, formsDoc, entities, items, timeZone: catalogue.timeZone };
}

/// The connectors whose systems take write-backs (a "writeback" in their file): the grants' targets.
async function writebackTargets() {
  const listing = await api.get("/v1/admin/config");
  const paths = listing.files.map((f) => f.path).filter((p) => /^connectors\/[^/]+\.json$/.test(p));
  const files = await Promise.all(paths.map((p) => api.get(`/v1/admin/config/file?path=${encodeURIComponent(p)}`)));
  return files.map((f) => f.content).filter((c) => c && c.writeback).map((c) => ({ name: c.name, title: c.title || c.name }));
}

/// A preview's answer as the page shows it: the outcome, then the record or prefill the consumer would get.
function previewResult(answer) {
  if (answer.status !== 200) return saveOutcome(answer, () => {});
  const p = answer.body, r = p.response;
  const head = h("p", { class: "preview-outcome " + p.outcome, role: "status" }, state(p.outcome === "shown" ? "ok" : "reject"), " ",
    t("sharing.outcome." + p.outcome, { status: p.status, consumer: p.consumer, purpose: p.purpose || "" }));
  if (p.outcome !== "shown") return [head, h("p", { class: "muted" }, `${p.status} ${r?.error?.code || ""}: ${r?.error?.message || ""}`)];
  const fields = Array.isArray(r.fields) ? r.fields : Object.entries(r.fields).map(([element, f]) => ({ element, ...f }));
  return [head, table([column("element", (f) => elementCell(f.element)), column("value", (f) => f.value ?? "∅"),
    column("label", (f) => f.label || ""), column("masked", (f) => f.masked ? state("masked") : "")], fields,
    { rowAttrs: (f) => ({ "data-element": f.element, class: f.masked ? "masked" : null }) }),
    h("details", {}, h("summary", {}, t("sharing.raw")), h("pre", {}, JSON.stringify(r, null, 2)))];
}

export async function sharing(refresh) {
  const query = params();
  const docs = await sharingDocs();
  const content = docs.sharingDoc.content;
  if (query.get("policy")) return policyEditor(docs, query.get("policy"));
  if (query.get("consumer")) return consumerEditor(docs, query.get("consumer"));
  const admins = new Set((content.admins || []).map((a) => a.consumer));
  const outcome = h("div", { class: "outcome", "aria-live": "polite" });
  const remove = async (next) => {
    const answer = await saveDoc(docs.sharingDoc, next);
    if (answer.status === 200) { shareFlash = t("sharing.removed"); return refresh(); }
    outcome.replaceChildren(saveOutcome(answer, refresh));
  };
  const policies = (content.policies || []).map((p, i) => ({ ...p, index: i }));
  return [h("h1", {}, t("sharing.title")), flash(), h("p", { class: "muted" }, t("sharing.intro")), outcome,
    h("h2", {}, t("sharing.consumers")),
    table([column("name", (c) => h("a", { href: `#/sharing?consumer=${encodeURIComponent(c.name)}` }, c.name)), column("title", (c) => c.title),
      column("department", (c) => c.department || ""), column("admin", (c) => admins.has(c.name) ? t("access.yes") : ""),
      { title: "", cell: (c) => admins.has(c.name) ? "" : h("button", { type: "button", class: "danger remove-consumer", onclick: () => {
        if (confirm(t("sharing.confirmRemove", { name: c.name }))) remove({ ...content, consumers: content.consumers.filter((x) => x.name !== c.name) });
      } }, t("sharing.remove")) }], content.consumers || []),
    h("p", {}, h("a", { class: "button", href: "#/sharing?consumer=new" }, t("sharing.addConsumer"))),
    h("h2", {}, t("sharing.policies")),
    table([column("consumer", (p) => h("a", { href: `#/sharing?policy=${p.index}` }, p.consumer)), column("entity", (p) => entityName(p.entity)),
      column("fields", (p) => (p.fields || []).map((f) => p.masks?.[f] ? `${element(f)} (${p.masks[f]})` : element(f)).join(", "), true),
      column("rows", (p) => Object.entries(p.scope || {}).map(([e, v]) => `${element(e)} ∈ ${v.join("/")}`).join("; ") || t("access.all")),
      column("purposes", (p) => (p.purposes || []).join(", ")), column("forms", (p) => (p.forms || []).join(", "), true),
      column("expiresAt", (p) => p.expires || t("access.never")),
      column("writeback", (p) => (p.writebacks || []).map((w) => `${w.target}: ${w.fields.join(", ")}`).join("; ")),
      column("cases", (p) => (p.cases || []).join(", "), true),
      { title: "", cell: (p) => [h("a", { href: `#/sharing?policy=${p.index}` }, t("sharing.edit")), " ",
        h("button", { type: "button", class: "danger remove-policy", onclick: () => {
          if (confirm(t("sharing.confirmRemovePolicy", { consumer: p.consumer, entity: p.entity }))) remove({ ...content, policies: content.policies.filter((_, i) => i !== p.index) });
        } }, t("sharing.remove"))] }], policies, { empty: t("sharing.noPolicies") }),
    h("p", {}, h("a", { class: "button", href: "#/sharing?policy=new" }, t("sharing.addPolicy")))];
}

function consumerEditor(docs, name) {
  const content = structuredClone(docs.sharingDoc.content);
  const existing = (content.consumers || []).find((c) => c.name === name);
  const outcome = h("div", { class: "outcome", "aria-live": "polite" });
  const field = (key, value, attrs = {}) => h("label", {}, t("sharing.field." + key), h("input", { name: key, value: value ?? "", autocomplete: "off", ...attrs }));
  return [h("p", {}, h("a", { href: "#/sharing" }, t("sharing.back"))), h("h1", {}, existing ? `${existing.name} · ${existing.title}` : t("sharing.addConsumer")),
    h("form", { class: "stacked", id: "consumer-form", onsubmit: async (e) => {
      e.preventDefault();
      const v = (k) => e.target[k].value.trim();
      const consumer = { ...(existing || {}), name: existing ? existing.name : v("name"), title: v("title") };
      if (v("department")) consumer.department = v("department"); else delete consumer.department;
      if (listOf(v("origins")).length) consumer.origins = listOf(v("origins")); else delete consumer.origins;
      const consumers = existing ? content.consumers.map((c) => c.name === name ? consumer : c) : [...(content.consumers || []), consumer];
      const answer = await saveDoc(docs.sharingDoc, { ...content, consumers });
      if (answer.status === 200) { shareFlash = t("sharing.savedConsumer", { name: consumer.name }); return go("sharing", {}); }
      outcome.replaceChildren(saveOutcome(answer, () => go("sharing", { consumer: name })));
    } },
      field("name", existing?.name, existing ? { readonly: true } : { required: true, pattern: "[a-z0-9_\\-]+" }), field("title", existing?.title, { required: true }),
      field("department", existing?.department, { placeholder: "DWH" }), field("origins", (existing?.origins || []).join(", "), { placeholder: "https://ehall.example.edu.cn" }),
      h("button", { type: "submit" }, t("sharing.save")), outcome)];
}

async function policyEditor(docs, which) {
  const targets = await writebackTargets();
  const content = structuredClone(docs.sharingDoc.content);
  const policies = content.policies || [];
  const index = which === "new" ? policies.length : Number(which);
  const original = policies[index];
  if (which !== "new" && !original) throw new Error(t("sharing.noPolicy"));
  const consumers = (content.consumers || []).map((c) => c.name);
  const state0 = structuredClone(original || { consumer: consumers.find((c) => !(content.admins || []).some((a) => a.consumer === c)) || consumers[0], entity: "student", fields: [], purposes: [] });
  const outcome = h("div", { class: "outcome", "aria-live": "polite" });
  const result = h("div", { class: "preview-result", "aria-live": "polite" });
  const fieldsBox = h("div", { class: "field-picks" }), scopeBox = h("div", { class: "scope-rows" }), formsBox = h("div", { class: "form-picks" });
  const writebackBox = h("div", { class: "writeback-rows" });
  // Service items it may file cases of (POST /v1/cases): the archived items, and any the file names that are not (kept, marked).
  const itemChoices = [...docs.items, ...(state0.cases || []).filter((c) => !docs.items.some((i) => i.item === c)).map((c) => ({ item: c, title: t("sharing.unknownItem") }))];
  const casesBox = h("div", { class: "case-picks" }, itemChoices.length ? itemChoices.map((i) => h("label", { class: "check" },
    h("input", { type: "checkbox", name: "caseItem", value: i.item, checked: (state0.cases || []).includes(i.item) }), `${i.title} (${i.item})`))
    : h("p", { class: "muted" }, t("sharing.noItems")));
  const form = h("form", { class: "stacked policy-form", id: "policy-form", onsubmit: async (e) => {
    e.preventDefault();
    const answer = await saveDoc(docs.sharingDoc, draft());
    if (answer.status === 200 || answer.status === 201) { shareFlash = t("sharing.savedPolicy", { consumer: state0.consumer, entity: state0.entity }); return go("sharing", {}); }
    outcome.replaceChildren(saveOutcome(answer, () => go("sharing", { policy: which })));
  } });
  const scopeRow = (elementCode = "", values = []) => h("div", { class: "scope-row" },
    h("label", {}, t("sharing.field.scopeElement"), h("select", { name: "scopeElement" }, h("option", { value: "" }, "—"),
      (docs.entities[form.entity?.value || state0.entity] || []).map((c) => h("option", { value: c, selected: c === elementCode }, `${c} ${stdElementName(c)}`)))),
    h("label", {}, t("sharing.field.scopeValues"), h("input", { name: "scopeValues", value: values.join(", "), placeholder: "101, $department", autocomplete: "off" })));
  /// One grant: the target system, and the elements the consumer may write back to it.
  const writebackRow = (grant = { target: "", fields: [] }) => {
    const names = [...new Set([...targets.map((x) => x.name), grant.target].filter(Boolean))];
    return h("div", { class: "writeback-row" },
      h("label", {}, t("sharing.field.writebackTarget"), h("select", { name: "writebackTarget" }, h("option", { value: "" }, "—"),
        names.map((n) => h("option", { value: n, selected: n === grant.target }, `${n} ${targets.find((x) => x.name === n)?.title || ""}`.trim())))),
      h("div", { class: "field-picks" }, (docs.entities[form.entity.value] || []).map((c) => h("label", { class: "check" },
        h("input", { type: "checkbox", name: "writebackField", value: c, checked: grant.fields.includes(c) }), elementCell(c)))));
  };
  const drawEntity = () => {
    const entity = form.entity.value, elements = docs.entities[entity] || [];
    fieldsBox.replaceChildren(...elements.map((c) => h("div", { class: "field-pick", "data-element": c },
      h("label", { class: "check" }, h("input", { type: "checkbox", name: "field", value: c, checked: (state0.fields || []).includes(c) }), elementCell(c)),
      h("label", { class: "mask" }, h("span", { class: "visually-hidden" }, t("sharing.maskOf", { element: c })),
        h("select", { name: "mask-" + c, "aria-label": t("sharing.maskOf", { element: c }) },
          [...new Set([...maskChoices, state0.masks?.[c] || ""])].map((m) => h("option", { value: m, selected: (state0.masks?.[c] || "") === m }, m ? m : t("sharing.noMask"))))))));
    const entries = Object.entries(entity === state0.entity ? state0.scope || {} : {});
    scopeBox.replaceChildren(...entries.map(([e, v]) => scopeRow(e, v)), scopeRow());
    const forms = (docs.formsDoc.content.forms || []).filter((f) => f.entity === entity);
    const grants = entity === state0.entity ? state0.writebacks || [] : [];
    writebackBox.replaceChildren(...grants.map(writebackRow), ...(targets.length ? [] : [h("p", { class: "muted" }, t("sharing.noTargets"))]));
    formsBox.replaceChildren(...forms.map((f) => h("label", { class: "check" }, h("input", { type: "checkbox", name: "form", value: f.id, checked: (state0.forms || []).includes(f.id) }), `${f.title} (${f.id})`)));
  };
  /// The policy as the form says, on the policy as it was (its other members and their order kept).
  const collect = () => {
    const p = structuredClone(original || {});
    p.consumer = form.consumer.value;
    p.entity = form.entity.value;
    const checked = (name) => [...form.querySelectorAll(`input[name=${name}]:checked`)].map((i) => i.value);
    const fields = inOrder(original?.fields, checked("field"));
    if (fields.length) p.fields = fields; else delete p.fields;
    const masks = Object.fromEntries(inOrder(Object.keys(original?.masks || {}), fields).map((c) => [c, form["mask-" + c]?.value]).filter(([, m]) => m));
    if (Object.keys(masks).length) p.masks = masks; else delete p.masks;
    const scope = Object.fromEntries([...scopeBox.querySelectorAll(".scope-row")].map((row) => [row.querySelector("select").value, listOf(row.querySelector("input").value)])
      .filter(([e, v]) => e && v.length));
    if (Object.keys(scope).length) p.scope = scope; else delete p.scope;
    p.purposes = listOf(form.purposes.value);
    const forms = inOrder(original?.forms, checked("form"));
    if (forms.length) p.forms = forms; else delete p.forms;
    if (form.expires.value) p.expires = form.expires.value; else delete p.expires;
    const writebacks = [...writebackBox.querySelectorAll(".writeback-row")].map((row) => ({ target: row.querySelector("select").value,
      fields: [...row.querySelectorAll("input[name=writebackField]:checked")].map((i) => i.value) })).filter((w) => w.target)
      .map((w) => ({ ...w, fields: inOrder(original?.writebacks?.find((o) => o.target === w.target)?.fields, w.fields) }));
    if (writebacks.length) p.writebacks = writebacks; else delete p.writebacks;
    const cases = inOrder(original?.cases, checked("caseItem"));
    if (cases.length) p.cases = cases; else delete p.cases;
    return p;
  };
  const draft = () => { const next = structuredClone(content); next.policies = [...policies]; next.policies[index] = collect(); return next; };
  const preview = async (e) => {
    e.preventDefault();
    const key = e.target.form.previewKey.value.trim();
    if (!key) return;
    result.replaceChildren(h("p", { class: "muted" }, t("sharing.previewing")));
    const purpose = e.target.form.previewPurpose.value.trim();
    const answer = await api.send("/v1/admin/sharing/preview", { method: "POST",
      body: { sharing: draft(), consumer: form.consumer.value, entity: form.entity.value, key, ...(purpose ? { purpose } : {}) } });
    result.replaceChildren(...[previewResult(answer)].flat());
  };
  form.append(
    h("label", {}, t("sharing.field.consumer"), h("select", { name: "consumer", required: true }, consumers.map((c) => h("option", { value: c, selected: c === state0.consumer }, c)))),
    h("label", {}, t("sharing.field.entity"), h("select", { name: "entity", onchange: drawEntity }, Object.keys(docs.entities).map((n) => h("option", { value: n, selected: n === state0.entity }, `${entityName(n)} (${n})`)))),
    h("fieldset", {}, h("legend", {}, t("sharing.field.fields")), h("p", { class: "muted" }, t("sharing.fieldsNote")), fieldsBox),
    h("fieldset", {}, h("legend", {}, t("sharing.field.scope")), h("p", { class: "muted" }, t("sharing.scopeNote")), scopeBox,
      h("button", { type: "button", class: "secondary add-scope", onclick: () => scopeBox.append(scopeRow()) }, t("sharing.addScope"))),
    h("label", {}, t("sharing.field.purposes"), h("input", { name: "purposes", value: (state0.purposes || []).join(", "), required: true, placeholder: "counselling, class-management", autocomplete: "off" })),
    h("fieldset", {}, h("legend", {}, t("sharing.field.forms")), formsBox),
    h("label", {}, t("sharing.field.expires"), h("input", { name: "expires", type: "date", value: state0.expires || "" }),
      h("span", { class: "muted" }, t("sharing.expiresNote", { zone: docs.timeZone, today: shareLocalDay(new Date().toISOString()) }))),
    h("fieldset", {}, h("legend", {}, t("sharing.field.writebacks")), h("p", { class: "muted" }, t("sharing.writebacksNote")), writebackBox,
      targets.length ? h("button", { type: "button", class: "secondary add-writeback", onclick: () => writebackBox.append(writebackRow()) }, t("sharing.addWriteback")) : null),
    h("fieldset", {}, h("legend", {}, t("sharing.field.cases")), h("p", { class: "muted" }, t("sharing.casesNote")), casesBox),
    h("fieldset", { class: "preview" }, h("legend", {}, t("sharing.preview")), h("p", { class: "muted" }, t("sharing.previewNote")),
      h("label", {}, t("sharing.field.previewKey"), h("input", { name: "previewKey", autocomplete: "off", placeholder: "2023102001" })),
      h("label", {}, t("sharing.field.previewPurpose"), h("input", { name: "previewPurpose", autocomplete: "off" })),
      h("button", { type: "button", class: "secondary preview-policy", onclick: preview }, t("sharing.previewButton")), result),
    h("button", { type: "submit", class: "save-policy" }, t("sharing.save")), outcome);
  drawEntity();
  return [h("p", {}, h("a", { href: "#/sharing" }, t("sharing.back"))), h("h1", {}, original ? t("sharing.editPolicy", { consumer: original.consumer, entity: entityName(original.entity) }) : t("sharing.addPolicy")), form];
}
"""#
}
