import HubCore

extension ConnectorLoader {
    /// `"writeback": {"path": "/api/v1/writebacks", "method": "POST", "secret": {"env": ...}}` (http) or
    /// `{"table": "hub_writebacks"}` (sqlite, postgres, mysql, odbc); both may set attempts and backoff.
    func writebackTarget(_ root: ConfigNode, kind: ConnectorSpec.Kind) -> WritebackTargetSpec? {
        guard let node = root["writeback"] else { return nil }
        let httpFix = "write {\"path\": \"/api/v1/writebacks\", \"method\": \"POST\", \"secret\": {\"env\": \"XG_WRITEBACK_SECRET\"}}"
        let sqlFix = "write {\"table\": \"hub_writebacks\"}"
        guard node.isObject(fix: kind == .http ? httpFix : sqlFix) else { return nil }
        let common = ["attempts", "backoffSeconds", "maxBackoffSeconds", "note"]
        let delivery: WritebackTargetSpec.Delivery
        switch kind {
        case .http:
            node.allowOnly(common + ["path", "method", "secret", "timeoutSeconds"])
            let method = node.string("method", required: false, fix: "use POST, PUT or PATCH") ?? "POST"
            if !["POST", "PUT", "PATCH"].contains(method) {
                node.problem("method \(method) cannot carry a write-back", at: "method", fix: "use POST, PUT or PATCH")
            }
            guard let path = node.string("path", fix: httpFix) else { return nil }
            guard let secretNode = node["secret"] else {
                node.problem("\"secret\" is missing: write-backs are signed", at: "secret",
                             fix: "name where the signing secret is: {\"env\": \"XG_WRITEBACK_SECRET\"}")
                return nil
            }
            guard let secret = secret(secretNode) else { return nil }
            delivery = .http(path: path.hasPrefix("/") ? path : "/" + path, method: method, secret: secret,
                             timeoutSeconds: node.double("timeoutSeconds", in: 0.1...600, fix: "give seconds, e.g. 10") ?? 10)
        case .sqlite, .postgres, .mysql, .odbc:
            node.allowOnly(common + ["table"])
            guard let table = node.string("table", fix: sqlFix) else { return nil }
            guard Self.isPlainName(table) else {
                node.problem("table name \"\(table)\" may hold only letters, digits, - and _", at: "table", fix: "e.g. \"hub_writebacks\"")
                return nil
            }
            delivery = .sql(table: table)
        case .folder:
            node.problem("a drop folder cannot take write-backs", fix: "remove \"writeback\"; a drop folder takes archival packages through \"handover\"")
            return nil
        case .csv, .xlsx:
            node.problem("a \(kind == .csv ? "CSV" : "workbook (.xlsx)") export cannot take write-backs", fix: "remove \"writeback\", or point it at the system behind the export")
            return nil
        }
        return WritebackTargetSpec(delivery: delivery, retry: retry(node))
    }

    /// `"attempts"`, `"backoffSeconds"`, `"maxBackoffSeconds"` of a write-back target or an archive system.
    func retry(_ node: ConfigNode) -> DeliveryRetry {
        DeliveryRetry(attempts: node.int("attempts", in: 1...1000, fix: "e.g. 8") ?? 8,
                      backoffSeconds: node.double("backoffSeconds", in: 0.01...3600, fix: "e.g. 2") ?? 2,
                      maxBackoffSeconds: node.double("maxBackoffSeconds", in: 0.01...86_400, fix: "e.g. 600") ?? 600)
    }
}
