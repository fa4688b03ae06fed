/// The console's 电子归档 page, appended to `/console/pages.js`: how many cases wait, were packaged,
/// failed their checks, were handed over, were archived; the worklist of failed cases with their
/// reasons first, then the newest cases (of one state); and one case (`#/archive?case=ID`) with
/// its events, attachments and the DA/T 70 four checks of its package, grouped by property.
/// Also the record page's list of a person's cases (`archivedCases`).
enum ConsoleArchive {
    static let js = #"""

const archiveStates = ["waiting", "packaged", "failed", "handed-over", "archived"];
const caseState = (value) => h("span", { class: "state case-" + value }, t("archive.state." + value));
const caseLink = (c) => h("a", { href: `#/archive?case=${encodeURIComponent(c.id)}` }, c.id);
const itemName = (c) => c.itemTitle ? `${c.itemTitle}（${c.item}）` : c.item;

export async function archive() {
  const query = params();
  if (query.get("case")) return archiveCase(query.get("case"));
  const only = archiveStates.includes(query.get("state")) ? query.get("state") : "";
  const data = await api.get("/v1/admin/archive?limit=100" + (only ? `&state=${encodeURIComponent(only)}` : ""));
  const cards = h("div", { class: "cards" }, archiveStates.map((s) =>
    h("a", { class: "card" + (s === only ? " active" : ""), href: `#/archive?state=${s}`, "data-state": s },
      h("div", { class: "n" }, number(data.figures[s] ?? 0)), h("div", { class: "l" }, t("archive.state." + s)))));
  const picker = h("form", { class: "inline", onsubmit: (e) => e.preventDefault() },
    h("label", {}, t("archive.filter"), h("select", { name: "state", onchange: (e) => go("archive", { state: e.target.value }) },
      h("option", { value: "" }, t("archive.all")), archiveStates.map((s) => h("option", { value: s, selected: s === only }, t("archive.state." + s))))));
  return [h("h1", {}, t("archive.title")), h("p", { class: "muted" }, t("archive.intro")), cards,
    h("h2", {}, t("archive.worklist", { n: data.worklist.length })),
    table([column("caseId", caseLink), column("item", itemName), column("archiveNumber", (c) => c.archiveNumber || ""),
      column("caseUpdated", (c) => localTime(c.updatedAt)), column("problem", (c) => c.problem || "", true)], data.worklist,
      { empty: t("archive.noFailures"), rowAttrs: (c) => ({ "data-case": c.id, class: "worklist" }) }),
    h("h2", {}, t("archive.cases")), picker,
    table([column("caseId", caseLink), column("caseNumber", (c) => c.caseNumber), column("item", itemName), column("state", (c) => caseState(c.state)),
      column("archiveNumber", (c) => c.archiveNumber || ""), column("accepted", (c) => localTime(c.acceptedAt)), column("caseUpdated", (c) => localTime(c.updatedAt))],
      data.cases, { empty: t("archive.none"), rowAttrs: (c) => ({ "data-case": c.id }) })];
}

async function archiveCase(id) {
  const c = await api.get(`/v1/admin/archive/${encodeURIComponent(id)}`);
  const checks = c.checks;
  return [h("p", {}, h("a", { href: "#/archive" }, t("archive.back"))),
    h("h1", {}, `${c.itemTitle || c.item} · ${c.caseNumber}`),
    h("dl", { class: "facts" },
      h("dt", {}, t("col.caseId")), h("dd", {}, c.id),
      h("dt", {}, t("col.state")), h("dd", {}, caseState(c.state)),
      h("dt", {}, t("col.archiveNumber")), h("dd", {}, c.archiveNumber || "—"),
      h("dt", {}, t("archive.applicant")), h("dd", {}, h("a", { href: `#/record?entity=${encodeURIComponent(c.entity)}&key=${encodeURIComponent(c.subject)}` }, `${entityName(c.entity)} ${c.subject}`)),
      h("dt", {}, t("archive.package")), h("dd", { class: "wrap" }, c.packageId ? `${c.packageId}（SM3 ${c.packageSm3 ? c.packageSm3.slice(0, 16) + "…" : "—"}）` : "—"),
      h("dt", {}, t("col.accepted")), h("dd", {}, localTime(c.acceptedAt))),
    c.problem ? h("p", { class: "error", role: "alert" }, t("archive.problem"), c.problem) : null,
    h("h2", {}, t("archive.checks")),
    !checks ? h("p", { class: "muted" }, t("archive.noPackage"))
      : checks.unreadable ? h("p", { class: "error" }, t("archive.unreadable"), checks.unreadable)
      : [h("p", {}, checks.passed ? state("ok") : caseState("failed"), " ", t(checks.folder === "failed" ? "archive.inFailed" : "archive.inPackages")),
        h("div", { class: "checks" }, checks.properties.map((p) => h("section", { class: "check-group", "data-property": p.property },
          h("h3", {}, p.property, " ", p.failed ? h("span", { class: "state failed" }, t("archive.failedN", { n: p.failed, of: p.checked }))
            : h("span", { class: "state ok" }, t("archive.passedN", { n: p.checked }))),
          table([column("checkItem", (f) => f.item), column("result", (f) => f.passed ? state("ok") : h("span", { class: "state failed" }, t("archive.fail"))),
            column("reason", (f) => f.problem || "", true)], [...p.findings].sort((a, b) => a.passed - b.passed)))))],
    h("h2", {}, t("archive.events")),
    table([column("at", (e) => localTime(e.at)), column("event", (e) => t("archive.event." + e.event) === "archive.event." + e.event ? e.event : t("archive.event." + e.event)),
      column("actor", (e) => e.actor), column("message", (e) => e.detail || "", true)], c.events),
    h("h2", {}, t("archive.attachments")),
    table([column("docTitle", (a) => a.title), column("fileName", (a) => a.name), column("format", (a) => a.format), column("size", (a) => number(a.size)),
      column("sm3", (a) => h("code", {}, a.sm3.slice(0, 16) + "…"))], c.attachments)];
}

/// The record page's section: the person's cases on their way into the archive.
function archivedCases(cases) {
  return [h("h2", {}, t("record.cases")),
    table([column("caseId", caseLink), column("item", itemName), column("state", (c) => caseState(c.state)),
      column("archiveNumber", (c) => c.archiveNumber || ""), column("accepted", (c) => localTime(c.acceptedAt))], cases || [], { empty: t("record.noCases") })];
}
"""#

    /// Facts as a two-column list (one column on a phone), the check groups, figure cards that are links.
    static let css = """
    dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .3rem .8rem; background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: .7rem .9rem; }
    dl.facts dt { color: var(--muted); }
    dl.facts dd { margin: 0; overflow-wrap: anywhere; }
    a.card { color: inherit; text-decoration: none; }
    a.card.active { border-color: var(--accent); }
    .check-group { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; margin-bottom: .8rem; }
    .check-group h3 { margin: 0 0 .4rem; font-size: 1rem; }
    .state.case-failed { background: #fde7e7; color: var(--bad); }
    .state.case-packaged, .state.case-archived { background: #e3f4e5; color: var(--ok); }
    .state.case-waiting, .state.case-handed-over { background: #fff2dc; color: var(--warn); }
    @media (max-width: 700px) { dl.facts { grid-template-columns: 1fr; } dl.facts dd { margin-bottom: .3rem; } }

    """

    static let zh: [String: String] = [
        "nav.archive": "电子归档", "archive.title": "电子归档",
        "archive.intro": "办事大厅办结的事项按 DA/T 48 封装为归档信息包，经 DA/T 70 四性检测后移交档案系统。未通过检测的办件列在待处理清单中，并给出原因。",
        "archive.state.waiting": "待归档", "archive.state.packaged": "已封装", "archive.state.failed": "未通过检测", "archive.state.handed-over": "已移交",
        "archive.state.archived": "已归档", "archive.worklist": "待处理：未通过检测的办件（{n}）", "archive.noFailures": "没有未通过检测的办件",
        "archive.cases": "办件", "archive.none": "暂无办件", "archive.filter": "状态", "archive.all": "全部", "archive.back": "← 全部办件",
        "archive.applicant": "申请人", "archive.package": "归档信息包", "archive.problem": "未通过原因：", "archive.checks": "四性检测",
        "archive.noPackage": "找不到此办件的信息包（尚未封装，或已移交），暂无检测结果。", "archive.unreadable": "信息包无法读取：", "archive.inPackages": "信息包已通过检测，等待移交档案系统。",
        "archive.inFailed": "信息包未通过检测，已移出待移交的信息包，不进入档案。", "archive.failedN": "{n}/{of} 项未通过", "archive.passedN": "{n} 项全部通过",
        "archive.fail": "未通过", "archive.events": "办件过程记录", "archive.attachments": "附件",
        "archive.event.accepted": "受理", "archive.event.numbered": "编制档号", "archive.event.packaged": "封装并通过检测", "archive.event.failed": "未通过检测",
        "archive.event.handed-over": "已移交", "archive.event.archived": "已归档", "archive.event.number released": "档号收回（未归档）",
        "archive.event.handover queued": "排队移交", "archive.event.listed": "列入移交清单",
        "col.caseId": "办件编号", "col.caseNumber": "大厅办件号", "col.item": "事项", "col.archiveNumber": "档号", "col.caseUpdated": "更新时间",
        "col.problem": "未通过原因", "col.checkItem": "检测项", "col.result": "结果", "col.event": "事件", "col.format": "格式", "col.size": "大小（字节）",
        "col.sm3": "SM3 摘要", "col.docTitle": "题名", "col.fileName": "文件名",
        "record.cases": "归档办件", "record.noCases": "此人没有办件",
    ]

    static let en: [String: String] = [
        "nav.archive": "Archive", "archive.title": "Electronic archive",
        "archive.intro": "Finished service-hall cases are packaged per DA/T 48, checked per DA/T 70 (authenticity, integrity, usability, security) and handed over to the archive system. Cases that fail a check are on the worklist with the reasons.",
        "archive.state.waiting": "Waiting", "archive.state.packaged": "Packaged", "archive.state.failed": "Failed checks", "archive.state.handed-over": "Handed over",
        "archive.state.archived": "Archived", "archive.worklist": "Worklist: cases that failed their checks ({n})", "archive.noFailures": "No case failed its checks",
        "archive.cases": "Cases", "archive.none": "No cases yet", "archive.filter": "State", "archive.all": "All", "archive.back": "← All cases",
        "archive.applicant": "Applicant", "archive.package": "Package", "archive.problem": "Why it failed: ", "archive.checks": "Four checks (DA/T 70)",
        "archive.noPackage": "No package of this case here (not packaged yet, or handed over): no check results.", "archive.unreadable": "The package cannot be read: ", "archive.inPackages": "The package passed its checks; it waits for its handover to the archive system.",
        "archive.inFailed": "The package failed its checks; it was moved away from the packages to hand over, out of the archive.", "archive.failedN": "{n} of {of} failed", "archive.passedN": "all {n} passed",
        "archive.fail": "Failed", "archive.events": "Case events", "archive.attachments": "Attachments",
        "archive.event.accepted": "Accepted", "archive.event.numbered": "Archive number given", "archive.event.packaged": "Packaged and checked", "archive.event.failed": "Failed its checks",
        "archive.event.handed-over": "Handed over", "archive.event.archived": "Archived", "archive.event.number released": "Archive number given back (not archived)",
        "archive.event.handover queued": "Queued for handover", "archive.event.listed": "On a transfer list",
        "col.caseId": "Case", "col.caseNumber": "Hall number", "col.item": "Service item", "col.archiveNumber": "Archive number", "col.caseUpdated": "Updated",
        "col.problem": "Why it failed", "col.checkItem": "Check item", "col.result": "Result", "col.event": "Event", "col.format": "Format", "col.size": "Size (bytes)",
        "col.sm3": "SM3 digest", "col.docTitle": "Title", "col.fileName": "File name",
        "record.cases": "Archived cases", "record.noCases": "This person has no cases",
    ]
}
