/// The prefill forms page (预填表单), appended to `/console/pages.js` after `ConsoleSharing` (whose
/// helpers it uses): the forms of standards/forms.json, each with its elements picked by standard
/// name and the consumers whose policy lets them prefill it (their policy's "forms" in
/// standards/sharing.json), and the prefill of a sample subject under the unsaved form
/// (`POST /v1/admin/forms/preview`, the code of `/v1/prefill`).
enum ConsoleForms {
    static let js = #"""

export async function forms(refresh) {
  const docs = await sharingDocs();
  const which = params().get("form");
  if (which) return formEditor(docs, which);
  const list = docs.formsDoc.content.forms || [];
  const policies = docs.sharingDoc.content.policies || [];
  const grantedTo = (id) => policies.filter((p) => (p.forms || []).includes(id)).map((p) => p.consumer);
  const outcome = h("div", { class: "outcome", "aria-live": "polite" });
  const remove = async (form) => {
    if (!confirm(t("forms.confirmRemove", { id: form.id }))) return;
    // The policies first: forms.json without the form would leave them naming a form that is gone.
    const sharing = structuredClone(docs.sharingDoc.content);
    if (grantedTo(form.id).length) {
      for (const p of sharing.policies) if (p.forms) { p.forms = p.forms.filter((f) => f !== form.id); if (!p.forms.length) delete p.forms; }
      const answer = await saveDoc(docs.sharingDoc, sharing);
      if (answer.status !== 200) return outcome.replaceChildren(saveOutcome(answer, refresh));
    }
    const answer = await saveDoc(docs.formsDoc, { ...docs.formsDoc.content, forms: list.filter((f) => f.id !== form.id) });
    if (answer.status === 200) { shareFlash = t("forms.removed", { id: form.id }); return refresh(); }
    outcome.replaceChildren(saveOutcome(answer, refresh));
  };
  return [h("h1", {}, t("forms.title")), flash(), h("p", { class: "muted" }, t("forms.intro")), outcome,
    table([column("id", (f) => h("a", { href: `#/forms?form=${encodeURIComponent(f.id)}` }, f.id)), column("title", (f) => f.title),
      column("entity", (f) => entityName(f.entity)), column("fields", (f) => f.elements.map(element).join(", "), true),
      column("consumer", (f) => grantedTo(f.id).join(", ")),
      { title: "", cell: (f) => h("button", { type: "button", class: "danger remove-form", onclick: () => remove(f) }, t("sharing.remove")) }], list, { empty: t("forms.none") }),
    h("p", {}, h("a", { class: "button", href: "#/forms?form=new" }, t("forms.add")))];
}

function formEditor(docs, which) {
  const list = docs.formsDoc.content.forms || [];
  const original = list.find((f) => f.id === which);
  if (which !== "new" && !original) throw new Error(t("forms.noForm", { id: which }));
  const sharing = docs.sharingDoc.content;
  const outcome = h("div", { class: "outcome", "aria-live": "polite" });
  const result = h("div", { class: "preview-result", "aria-live": "polite" });
  const elementsBox = h("div", { class: "field-picks" }), consumersBox = h("div", { class: "consumer-picks" });
  const previewConsumer = h("select", { name: "previewConsumer" });
  const form = h("form", { class: "stacked form-form", id: "form-form", onsubmit: async (e) => {
    e.preventDefault();
    const [formsNext, sharingNext] = drafts();
    const id = formsNext.forms.find((f) => f.id === currentID())?.id;
    // forms.json first (a policy may name only a form that exists), then the policies' "forms".
    let answer = await saveDoc(docs.formsDoc, formsNext);
    if ((answer.status === 200 || answer.status === 201) && JSON.stringify(sharingNext) !== JSON.stringify(sharing)) answer = await saveDoc(docs.sharingDoc, sharingNext);
    if (answer.status === 200 || answer.status === 201) { shareFlash = t("forms.saved", { id }); return go("forms", {}); }
    outcome.replaceChildren(saveOutcome(answer, () => go("forms", { form: which })));
  } });
  const currentID = () => original ? original.id : form.formId.value.trim();
  const entityNow = () => form.entity.value;
  const draw = () => {
    const entity = entityNow();
    elementsBox.replaceChildren(...(docs.entities[entity] || []).map((c) => h("label", { class: "check", "data-element": c },
      h("input", { type: "checkbox", name: "element", value: c, checked: original?.entity === entity && original.elements.includes(c) }), elementCell(c))));
    const eligible = (sharing.policies || []).filter((p) => p.entity === entity);
    consumersBox.replaceChildren(...(eligible.length ? eligible.map((p) => h("label", { class: "check" },
      h("input", { type: "checkbox", name: "grant", value: p.consumer, checked: !!original && (p.forms || []).includes(original.id) }), p.consumer))
      : [h("p", { class: "muted" }, t("forms.noPolicy", { entity: entityName(entity) }))]));
    previewConsumer.replaceChildren(...eligible.map((p) => h("option", { value: p.consumer }, p.consumer)));
  };
  /// forms.json and sharing.json as the page says: the form in its place, each checked consumer's policy naming it.
  const drafts = () => {
    const id = currentID();
    const entity = entityNow();
    const picked = inOrder(original?.elements, [...form.querySelectorAll("input[name=element]:checked")].map((i) => i.value));
    const next = { ...(original || {}), id, title: form.title.value.trim(), entity, elements: picked };
    const forms = original ? list.map((f) => f.id === original.id ? next : f) : [...list, next];
    const granted = new Set([...form.querySelectorAll("input[name=grant]:checked")].map((i) => i.value));
    const policies = structuredClone(sharing.policies || []);
    for (const p of policies) {
      const names = (p.forms || []).filter((f) => f !== id || (p.entity === entity && granted.has(p.consumer)));
      if (p.entity === entity && granted.has(p.consumer) && !names.includes(id)) names.push(id);
      if (names.length) p.forms = names; else delete p.forms;
    }
    return [{ ...docs.formsDoc.content, forms }, { ...sharing, policies }];
  };
  const preview = async () => {
    const subject = form.previewSubject.value.trim();
    if (!subject || !previewConsumer.value) return;
    result.replaceChildren(h("p", { class: "muted" }, t("sharing.previewing")));
    const [formsNext, sharingNext] = drafts();
    const purpose = form.previewPurpose.value.trim();
    const answer = await api.send("/v1/admin/forms/preview", { method: "POST",
      body: { forms: formsNext, sharing: sharingNext, consumer: previewConsumer.value, form: currentID(), subject, ...(purpose ? { purpose } : {}) } });
    result.replaceChildren(...[previewResult(answer)].flat());
  };
  form.append(
    h("label", {}, t("forms.field.id"), h("input", { name: "formId", value: original?.id || "", required: true, pattern: "[a-z0-9][a-z0-9\\-]*", autocomplete: "off", readonly: !!original })),
    h("label", {}, t("forms.field.title"), h("input", { name: "title", value: original?.title || "", required: true })),
    h("label", {}, t("sharing.field.entity"), h("select", { name: "entity", onchange: draw }, Object.keys(docs.entities).map((n) => h("option", { value: n, selected: n === (original?.entity || "student") }, `${entityName(n)} (${n})`)))),
    h("fieldset", {}, h("legend", {}, t("forms.field.elements")), elementsBox),
    h("fieldset", {}, h("legend", {}, t("forms.field.consumers")), h("p", { class: "muted" }, t("forms.consumersNote")), consumersBox),
    h("fieldset", { class: "preview" }, h("legend", {}, t("forms.preview")), h("p", { class: "muted" }, t("forms.previewNote")),
      h("label", {}, t("sharing.field.consumer"), previewConsumer),
      h("label", {}, t("forms.field.subject"), h("input", { name: "previewSubject", autocomplete: "off", placeholder: "2023102001" })),
      h("label", {}, t("sharing.field.previewPurpose"), h("input", { name: "previewPurpose", autocomplete: "off" })),
      h("button", { type: "button", class: "secondary preview-form", onclick: preview }, t("forms.previewButton")), result),
    h("button", { type: "submit", class: "save-form" }, t("sharing.save")), outcome);
  draw();
  return [h("p", {}, h("a", { href: "#/forms" }, t("forms.back"))), h("h1", {}, original ? `${original.title} (${original.id})` : t("forms.add")), form];
}
"""#
}
