/// The configuration files page (配置 → 配置文件), appended to `/console/pages.js`: every file the
/// config API lists, by folder; one file's content (pretty JSON) and ETag, its previous versions
/// (when, which admin replaced it, digest), a diff from a version to the file as it is, and restoring
/// a version (a save through `/v1/admin/config/restore`: the checks, If-Match, audit `config.restore`).
enum ConsoleConfigFiles {
    static let js = #"""

const filesLink = (path) => `#/files?path=${encodeURIComponent(path)}`;

export async function files(refresh) {
  const path = params().get("path");
  if (path) return configFile(path, refresh);
  const listing = await api.get("/v1/admin/config");
  const folders = ["connectors", "mappings", "standards"];
  return [h("h1", {}, t("files.title")), h("p", { class: "muted" }, t("files.intro")),
    folders.map((folder) => [h("h2", {}, t("files.folder." + folder), " ", h("code", {}, folder + "/")),
      table([column("file", (f) => h("a", { href: filesLink(f.path) }, f.path.slice(folder.length + 1))),
        column("bytes", (f) => number(f.bytes)), column("etag", (f) => h("code", {}, f.etag.slice(0, 12)))],
        listing.files.filter((f) => f.path.startsWith(folder + "/")), { empty: t("files.none") })]),
    (listing.removed || []).length ? [h("h2", {}, t("files.removedTitle")), h("p", { class: "muted" }, t("files.removedNote")),
      h("ul", { class: "removed-files" }, listing.removed.map((p) => h("li", {}, h("a", { href: filesLink(p) }, p))))] : null];
}

/// Diff lines (" x", "-x", "+x") with long runs of unchanged lines folded to their first and last three.
function diffLines(text) {
  const lines = text.split("\n").map((line) => ({ kind: line[0] === "+" ? "add" : line[0] === "-" ? "del" : "same", text: line }));
  const shown = [];
  let run = [];
  const flush = () => {
    if (run.length > 8) shown.push(...run.slice(0, 3), { kind: "fold", text: t("files.folded", { n: run.length - 6 }) }, ...run.slice(-3));
    else shown.push(...run);
    run = [];
  };
  for (const line of lines) {
    if (line.kind === "same") { run.push(line); continue; }
    flush();
    shown.push(line);
  }
  flush();
  return { shown, added: lines.filter((l) => l.kind === "add").length, removed: lines.filter((l) => l.kind === "del").length };
}

async function configFile(path, refresh) {
  const query = params();
  const [file, history] = await Promise.all([api.send(`/v1/admin/config/file?path=${encodeURIComponent(path)}`),
    api.get(`/v1/admin/config/history?path=${encodeURIComponent(path)}`)]);
  if (file.status !== 200 && file.status !== 404) throw new Error(`${file.body?.error?.code || file.status}: ${file.body?.error?.message || ""}`);
  const current = file.status === 200 ? file.body : null;
  const outcome = h("div", { class: "outcome", "aria-live": "polite" });
  const versions = history.versions;
  const selected = versions.find((v) => v.version === query.get("version"));
  const restore = async (v) => {
    if (!confirm(t("files.confirmRestore", { file: path, at: localTime(v.replacedAt), etag: v.etag.slice(0, 12) }))) return;
    const headers = current ? { "If-Match": `"${current.etag}"` } : { "If-None-Match": "*" };
    const answer = await api.send(`/v1/admin/config/restore?path=${encodeURIComponent(path)}&version=${encodeURIComponent(v.version)}`, { method: "POST", headers });
    if (answer.status === 200 || answer.status === 201) return go("files", { path, restored: answer.body.etag.slice(0, 12) });
    outcome.replaceChildren(saveOutcome(answer, refresh));
    outcome.scrollIntoView({ block: "nearest" });
  };
  const actions = (v) => [h("a", { class: "show-diff", href: `#/files?path=${encodeURIComponent(path)}&version=${encodeURIComponent(v.version)}` }, t("files.diff")), " ",
    h("button", { type: "button", class: "secondary restore", "data-version": v.version, onclick: () => restore(v) }, t("files.restore"))];
  let diff = null;
  if (selected) {
    const answer = await api.get(`/v1/admin/config/diff?path=${encodeURIComponent(path)}&version=${encodeURIComponent(selected.version)}`);
    const lines = diffLines(answer.diff);
    diff = h("section", { class: "diff-view" }, h("h2", {}, t("files.diffTitle", { at: localTime(selected.replacedAt), etag: selected.etag.slice(0, 12) })),
      h("p", {}, h("span", { class: "diff-count add" }, t("files.added", { n: lines.added })), " ", h("span", { class: "diff-count del" }, t("files.removed", { n: lines.removed })),
        lines.added + lines.removed === 0 ? [" ", t("files.same")] : null),
      h("div", { class: "diff", role: "table", "aria-label": t("files.diffTitle", { at: localTime(selected.replacedAt), etag: selected.etag.slice(0, 12) }) },
        lines.shown.map((l) => h("div", { class: "line " + l.kind, role: "row" }, l.kind === "fold" ? l.text : l.text))),
      h("p", {}, actions(selected)));
  }
  const by = history.current?.savedBy;
  return [h("p", {}, h("a", { href: "#/files" }, t("files.back"))), h("h1", {}, path),
    query.get("restored") ? h("p", { class: "saved", role: "status" }, t("files.restored", { etag: query.get("restored") })) : null,
    current ? h("p", {}, t("files.etag"), " ", h("code", { class: "etag" }, current.etag), by ? [" · ", t("files.savedBy", { admin: by, at: localTime(history.current.savedAt) })] : null)
            : h("p", { class: "error" }, t("files.removedFile")),
    outcome, diff,
    h("h2", {}, t("files.history", { n: versions.length })),
    table([column("replacedAt", (v) => localTime(v.replacedAt)), column("admin", (v) => v.replacedBy || t("files.byHand")),
      column("how", (v) => v.action ? t("files.action." + v.action) : ""), column("etag", (v) => h("code", {}, v.etag.slice(0, 12))),
      { title: "", cell: actions }], versions, { empty: t("files.noHistory"), rowAttrs: (v) => ({ class: v === selected ? "selected" : null, "data-version": v.version }) }),
    current ? [h("h2", {}, t("files.content")), h("pre", { class: "json" }, current.text)] : null];
}
"""#

    static let zh: [String: String] = [
        "nav.files": "配置文件", "files.title": "配置文件",
        "files.intro": "工作区中的配置文件（单一事实来源）。每次保存或恢复都先执行与 campushub check 相同的检查，旧版本保存在 .history/ 中，并记入审计日志。",
        "files.folder.connectors": "数据源", "files.folder.mappings": "映射", "files.folder.standards": "数据标准与共享",
        "col.bytes": "字节数", "col.replacedAt": "被替换时间", "col.how": "方式",
        "files.none": "此目录中没有文件", "files.back": "← 全部配置文件", "files.etag": "当前版本摘要：",
        "files.savedBy": "由 {admin} 于 {at} 保存", "files.removedFile": "该文件已被删除；可以从下面的历史版本中恢复。",
        "files.history": "历史版本（{n}）", "files.noHistory": "尚无历史版本：文件自创建以来未经控制台修改。",
        "files.byHand": "（手工修改，无审计记录）", "files.action.config.save": "保存", "files.action.config.restore": "恢复",
        "files.action.config.delete": "删除", "files.diff": "差异", "files.restore": "恢复此版本",
        "files.confirmRestore": "确定将 {file} 恢复为 {at} 的版本（{etag}…）？恢复同样会执行检查，并记入审计日志。",
        "files.restored": "已恢复，当前版本摘要 {etag}…", "files.diffTitle": "{at} 的版本（{etag}…）与当前文件的差异",
        "files.added": "新增 {n} 行", "files.removed": "删除 {n} 行", "files.same": "内容与当前文件相同。",
        "files.folded": "…… 省略 {n} 行未改动的内容 ……", "files.content": "当前内容", "files.link": "历史版本",
        "files.removedTitle": "已删除的文件", "files.removedNote": "这些文件已被删除，历史版本仍保留；打开后可恢复。",
    ]

    static let en: [String: String] = [
        "nav.files": "Configuration files", "files.title": "Configuration files",
        "files.intro": "The workspace's configuration files (the single source of truth). Every save or restore first runs the checks of campushub check, keeps the old version in .history/ and is recorded in the audit log.",
        "files.folder.connectors": "Connectors", "files.folder.mappings": "Mappings", "files.folder.standards": "Standards and sharing",
        "col.bytes": "Bytes", "col.replacedAt": "Replaced at", "col.how": "How",
        "files.none": "No files in this folder", "files.back": "← All configuration files", "files.etag": "Current version's digest:",
        "files.savedBy": "saved by {admin} at {at}", "files.removedFile": "This file was removed; restore it from a version below.",
        "files.history": "Previous versions ({n})", "files.noHistory": "No previous versions: the file was not changed in the console since it was created.",
        "files.byHand": "(changed by hand, not audited)", "files.action.config.save": "save", "files.action.config.restore": "restore",
        "files.action.config.delete": "removal", "files.diff": "Diff", "files.restore": "Restore this version",
        "files.confirmRestore": "Restore {file} to the version of {at} ({etag}…)? A restore is checked and audited like a save.",
        "files.restored": "Restored; the current version's digest is {etag}…", "files.diffTitle": "From the version of {at} ({etag}…) to the file as it is",
        "files.added": "+{n} lines added", "files.removed": "−{n} lines removed", "files.same": "Same content as the current file.",
        "files.folded": "… {n} unchanged lines not shown …", "files.content": "Current content", "files.link": "Version history",
        "files.removedTitle": "Removed files", "files.removedNote": "These files were removed; their versions are kept: open one to restore it.",
    ]
}
