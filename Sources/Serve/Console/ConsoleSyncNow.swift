/// "立即同步" per stream and "全部同步" on the overview page (同步运行), appended to `/console/pages.js`:
/// `POST /v1/admin/sync` runs the sync of the files as they are on disk and answers when it is done;
/// the button shows that run's counts (or why it failed, with the fix), then the page refreshes.
enum ConsoleSyncNow {
    static let js = #"""

/// The answer of a console sync, as the overview shows it.
function syncOutcome(answer) {
  if (answer.status !== 200) return h("p", { class: "error", role: "alert" }, answer.status === 409 ? answer.body?.error?.message
    : `${answer.body?.error?.code || answer.status}: ${answer.body?.error?.message || ""}`);
  return h("div", { class: answer.body.status === "succeeded" ? "saved sync-result" : "error sync-result", role: "status" },
    answer.body.streams.map((s) => h("p", { "data-stream": s.stream, "data-run": s.run ?? "" }, state(s.status), " ",
      s.run ? t("sync.ran", { stream: s.stream, run: s.run, read: number(s.read), inserted: number(s.inserted), updated: number(s.updated),
        unchanged: number(s.unchanged), rejected: number(s.rejected) }) : s.stream,
      s.run && s.rejected ? [" ", h("a", { href: `#/quality?stream=${encodeURIComponent(s.stream)}` }, t("overview.quality"))] : null,
      s.error ? h("br") : null, s.error, s.fix ? h("br") : null, s.fix ? t("connectors.fix") + s.fix : null)));
}

/// A button that syncs `stream` (all streams when it is undefined), shows the answer in `into`, then refreshes the page.
function syncButton(stream, into, refresh) {
  const button = h("button", { type: "button", class: stream ? "secondary sync-now" : "sync-all", "data-stream": stream, onclick: async () => {
    for (const b of document.querySelectorAll("button.sync-now, button.sync-all")) b.disabled = true;
    into.replaceChildren(h("p", { class: "muted", role: "status" }, t("sync.running", { stream: stream || t("sync.everyStream") })));
    const answer = await api.send("/v1/admin/sync" + (stream ? `?stream=${encodeURIComponent(stream)}` : ""), { method: "POST" });
    lastSync = syncOutcome(answer);
    refresh();
  } }, t(stream ? "sync.now" : "sync.all"));
  return button;
}

/// The last answer, shown again above the refreshed page (one navigation only).
let lastSync = null;
function takeLastSync() {
  const shown = lastSync;
  lastSync = null;
  return h("div", { class: "sync-outcome", "aria-live": "polite" }, shown);
}
"""#

    static let zh: [String: String] = [
        "sync.now": "立即同步", "sync.all": "全部同步", "sync.everyStream": "全部数据流", "sync.running": "正在同步 {stream}，请稍候……",
        "sync.ran": "{stream} 第 {run} 次运行：读取 {read} 行，新增 {inserted}，更新 {updated}，未变 {unchanged}，隔离 {rejected}。",
        "sync.note": "按工作区中当前的配置文件同步（与 campushub sync 相同；同一数据流同一时间只运行一个同步）。",
    ]

    static let en: [String: String] = [
        "sync.now": "Sync now", "sync.all": "Sync all", "sync.everyStream": "every stream", "sync.running": "Syncing {stream}, please wait…",
        "sync.ran": "{stream} run {run}: {read} rows read, {inserted} inserted, {updated} updated, {unchanged} unchanged, {rejected} quarantined.",
        "sync.note": "Syncs with the configuration files as they are in the workspace now (as campushub sync does; one sync of a stream at a time).",
    ]
}
