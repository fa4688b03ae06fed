import HubCore

extension ConnectorLoader {
    /// `"handover": {"folder": "/srv/archive/inbox"}` on a `"kind": "folder"` connector (an archive
    /// system that imports from disk), or `{"path": "/api/packages", "secret": {"env": ...}}` on an
    /// `"kind": "http"` one; may set attempts and backoff like a write-back target.
    func handoverTarget(_ root: ConfigNode, kind: ConnectorSpec.Kind) -> HandoverTargetSpec? {
        let folderFix = "write \"handover\": {\"folder\": \"/srv/archive/inbox\"} (the archive system's drop folder)"
        guard let node = root["handover"] else {
            if kind == .folder { root.problem("a drop folder connector needs \"handover\"", at: "handover", fix: folderFix) }
            return nil
        }
        guard node.isObject(fix: folderFix) else { return nil }
        let common = ["attempts", "backoffSeconds", "maxBackoffSeconds", "note"]
        let delivery: HandoverTargetSpec.Delivery
        switch kind {
        case .folder:
            node.allowOnly(common + ["folder"])
            guard let folder = node.string("folder", fix: folderFix) else { return nil }
            guard !folder.isEmpty, !folder.split(separator: "/").contains("..") else {
                node.problem("the drop folder \"\(folder)\" may not climb out with ..", at: "folder", fix: "give the folder's absolute path")
                return nil
            }
            delivery = .folder(path: folder.hasPrefix("/") ? folder : files.url(folder).path)
        case .http:
            let httpFix = "write \"handover\": {\"path\": \"/api/packages\", \"secret\": {\"env\": \"ARCHIVE_HANDOVER_SECRET\"}}"
            node.allowOnly(common + ["path", "secret", "timeoutSeconds"])
            guard let path = node.string("path", fix: httpFix) else { return nil }
            guard let secretNode = node["secret"] else {
                node.problem("\"secret\" is missing: packages are signed", at: "secret", fix: httpFix)
                return nil
            }
            guard let secret = secret(secretNode) else { return nil }
            delivery = .http(path: path.hasPrefix("/") ? path : "/" + path, secret: secret,
                             timeoutSeconds: node.double("timeoutSeconds", in: 0.1...3600, fix: "give seconds, e.g. 120") ?? 120)
        case .sqlite, .postgres:
            let sqlFix = "write \"handover\": {\"table\": \"hub_archive_packages\"}"
            node.allowOnly(common + ["table"])
            guard let table = node.string("table", fix: sqlFix) else { return nil }
            guard Self.isPlainName(table) else {
                node.problem("table name \"\(table)\" may hold only letters, digits, - and _", at: "table", fix: "e.g. \"hub_archive_packages\"")
                return nil
            }
            delivery = .sql(table: table)
        case .mysql, .odbc:
            node.problem("a \(kind == .mysql ? "MySQL" : "ODBC") connector cannot take archival packages", fix: "remove \"handover\"; hand packages to a \"kind\": \"folder\", sqlite, postgres or http archive system")
            return nil
        case .csv, .xlsx:
            node.problem("a \(kind == .csv ? "CSV" : "workbook (.xlsx)") export cannot take archival packages", fix: "remove \"handover\", or add a \"kind\": \"folder\" connector for the archive system")
            return nil
        }
        return HandoverTargetSpec(delivery: delivery, retry: retry(node))
    }
}
