import HTTPServer
import HubCore
import Sharing
import Store

/// The console's "立即同步" and "全部同步": `POST /v1/admin/sync?stream=S` (or every stream without
/// `stream=`) runs the sync through the runner `campushub serve` injects (`ConsoleSync`) and answers
/// its summary when it is done. Synchronous: the server's request deadline bounds only a request's
/// arrival, a demo-size sync takes seconds, and the answer is the run itself (the page shows it,
/// then the runs list). The audit entry holds the streams, run ids and counts only.
extension Administration {
    func sync(draft: inout AuditDraft) throws -> HTTPResponse {
        try allow(["stream"])
        guard request.body.isEmpty else {
            throw AccessError.badRequest("body_not_allowed", "POST /v1/admin/sync takes no body: name one stream with stream=, or none for every stream")
        }
        let stream = query["stream"]
        if let stream {
            guard Self.isStreamName(stream) else {
                throw AccessError.badRequest("invalid_stream", "stream= names a stream as connector.stream, e.g. jw.students")
            }
            draft.filter = "stream=\(stream)"
        } else {
            draft.filter = "all"
        }
        guard let sync = api.consoleSync else {
            throw AccessError(503, "sync_unavailable", "this server runs no syncs; run `campushub sync` on the hub's machine")
        }
        let runs: [ConsoleSync.Run]
        do {
            guard let done = try sync.run(stream.map { [$0] }) else { throw Self.running(sync.busy) }
            runs = done
        } catch let refusal as ConsoleSync.Refusal {
            switch refusal {
            case let .unknownStream(name, known):
                throw AccessError.notFound("unknown_stream", "没有数据流 \(name)。 There is no stream \(name); the workspace has: \(known.joined(separator: ", "))")
            case let .invalidWorkspace(problem):
                throw AccessError(409, "workspace_invalid", "工作区文件未通过检查，未同步。 The workspace does not pass the checks, nothing was synced: \(problem)")
            }
        }
        if stream != nil, runs.count == 1, runs[0].locked { throw Self.running([runs[0].stream]) }
        let totals = runs.reduce(RunCounts()) { $0 + $1.counts }
        draft.detail = [draft.detail, "runs \(runs.compactMap(\.run).map(String.init).joined(separator: ",")); read \(totals.read) inserted \(totals.inserted) updated \(totals.updated) unchanged \(totals.unchanged) rejected \(totals.rejected); failed \(runs.filter { $0.error != nil }.count)"]
            .compactMap { $0 }.joined(separator: "; ")
        var writer = JSONWriter()
        writer.object { root in
            root.string("status", runs.allSatisfy { $0.error == nil } ? "succeeded" : "failed")
            totals.writeMembers(to: &root)
            root.member("streams") { $0.array(runs) { item, run in Self.write(run, into: &item) } }
        }
        return ok(writer.text)
    }

    private static func write(_ run: ConsoleSync.Run, into writer: inout JSONWriter) {
        writer.object { o in
            o.string("stream", run.stream)
            if let id = run.run { o.number("run", Int(id)) } else { o.member("run") { $0.raw("null") } }
            o.string("status", run.locked ? "locked" : run.error == nil ? "succeeded" : "failed")
            run.counts.writeMembers(to: &o)
            o.member("seconds") { $0.number((run.seconds * 1000).rounded() / 1000) }
            o.string("error", run.error)
            o.string("fix", run.fix)
        }
    }

    /// 409, Chinese first: the console shows the message as it is.
    private static func running(_ streams: [String]?) -> AccessError {
        let which = streams.map { $0.isEmpty ? "全部数据流 (every stream)" : $0.joined(separator: ", ") } ?? "—"
        return AccessError(409, "sync_running", "已有同步正在进行（\(which)），请等它结束后再试。 A sync is already running (\(which)); try again when it has finished.")
    }

    /// `connector.stream`: letters, digits, `-`, `_`, one dot in between.
    static func isStreamName(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return text.count <= 128 && parts.count == 2 && parts.allSatisfy { part in
            !part.isEmpty && part.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
        }
    }
}
