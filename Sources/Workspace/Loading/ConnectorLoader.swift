import HubCore

/// Loads `connectors/*.json`.
struct ConnectorLoader {
    let files: WorkspaceFiles
    let environment: [String: String]

    func load() -> [ConnectorSpec] {
        var connectors: [ConnectorSpec] = []
        for file in files.jsonFiles(in: "connectors") {
            guard let root = files.json(file, missingFix: "restore the file"),
                  root.isObject(fix: "write {\"name\": ..., \"kind\": ..., \"streams\": [...]}") else { continue }
            if let connector = connector(root, file: file) {
                if connectors.contains(where: { $0.name == connector.name }) {
                    root.problem("connector name \"\(connector.name)\" is used by another connector file", at: "name",
                                 fix: "give each connector a unique name")
                } else {
                    connectors.append(connector)
                }
            }
        }
        return connectors
    }

    private func connector(_ root: ConfigNode, file: String) -> ConnectorSpec? {
        root.allowOnly(["name", "title", "department", "kind", "database", "connection", "password", "baseURL", "auth", "timeoutSeconds", "retries", "streams", "writeback", "handover", "note"]
                       + (root["kind"]?.value == .string(ConnectorSpec.Kind.odbc.rawValue) ? ODBCSettings.keys : []))
        guard let name = root.string("name", fix: "name the connector, e.g. \"jw\" for academic affairs"),
              let kindName = root.string("kind", fix: "set \"kind\" to one of: \(ConnectorSpec.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        else { return nil }
        if !Self.isPlainName(name) {
            root.problem("connector name \"\(name)\" may hold only letters, digits, - and _", at: "name", fix: "rename it, e.g. \"jw\"")
        }
        guard let kind = ConnectorSpec.Kind(rawValue: kindName) else {
            root.problem("unknown kind \"\(kindName)\"", at: "kind",
                         fix: "use one of: \(ConnectorSpec.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        let database = kind == .sqlite ? root.string("database", fix: "give the SQLite database file, absolute or relative to the workspace") : nil
        var connection: [(key: String, value: String)] = []
        var password: SecretReference?
        if kind == .postgres {
            let fix = "write {\"host\": \"10.0.0.5\", \"port\": 5432, \"dbname\": \"hr\", \"user\": \"campushub\"}"
            if let node = root["connection"], node.isObject(fix: fix) {
                for (key, value) in node.members {
                    switch value.value {
                    case let .string(text): connection.append((key, text))
                    case let .number(number): connection.append((key, number.int.map(String.init) ?? number.text))
                    default: value.problem("must be a string or a number", fix: fix)
                    }
                    if key == "password" {
                        value.problem("a password must not be written in the file", fix: "remove it and name where it is: \"password\": {\"env\": \"HR_DB_PASSWORD\"}")
                    }
                }
            } else if root["connection"] == nil {
                root.problem("\"connection\" is missing", at: "connection", fix: fix)
            }
            if let node = root["password"] { password = secret(node) }
        } else if kind == .mysql {
            connection = mysqlConnection(root)
            if let node = root["password"] { password = secret(node) }
        }
        if kind == .odbc { (connection, password) = odbcConnection(root) }
        var streams: [StreamSpec] = []
        // An archive system takes packages and delivers no records: its streams may be left out.
        for node in root.array("streams", required: kind != .folder && root["handover"] == nil, fix: "list the connector's streams: [{\"name\": ..., ...}]") ?? [] {
            guard node.isObject(fix: "write {\"name\": ..., ...}"), let stream = stream(node, connector: name, kind: kind) else { continue }
            if streams.contains(where: { $0.name == stream.name }) {
                node.problem("stream \"\(stream.name)\" is listed twice", at: "name", fix: "give each stream a unique name")
            } else {
                streams.append(stream)
            }
        }
        return ConnectorSpec(file: file, name: name, title: root.string("title", required: false, fix: "") ?? name,
                             kind: kind, database: database, streams: streams, connection: connection, password: password,
                             http: kind == .http ? httpConnection(root) : nil,
                             department: root.string("department", required: false, fix: "name the department, e.g. 教务处"),
                             writeback: writebackTarget(root, kind: kind), handover: handoverTarget(root, kind: kind))
    }

    private func stream(_ node: ConfigNode, connector: String, kind: ConnectorSpec.Kind) -> StreamSpec? {
        let common = ["name", "rejectThreshold", "batchSize", "snapshot", "massDeleteThreshold", "note"]
        guard let name = node.string("name", fix: "name the stream, e.g. \"students\"") else { return nil }
        if !Self.isPlainName(name) {
            node.problem("stream name \"\(name)\" may hold only letters, digits, - and _", at: "name", fix: "rename it, e.g. \"students\"")
        }
        let source: StreamSpec.Source
        switch kind {
        case .csv:
            node.allowOnly(common + ["file", "delimiter", "encoding"])
            guard let path = node.string("file", fix: "give the CSV file, absolute or relative to the workspace") else { return nil }
            let delimiterText = node.string("delimiter", required: false, fix: "use a single character such as \",\" or \";\"") ?? ","
            guard delimiterText.utf8.count == 1, let delimiter = delimiterText.utf8.first else {
                node.problem("the delimiter must be one ASCII character", at: "delimiter", fix: "use a single character such as \",\", \";\" or \"\\t\"")
                return nil
            }
            let encoding = (node.string("encoding", required: false, fix: "") ?? "utf-8").lowercased()
            guard Self.encodings.contains(encoding) else {
                node.problem("unknown encoding \"\(encoding)\"", at: "encoding",
                             fix: "use one of: \(Self.encodings.joined(separator: ", ")) (Excel's \"CSV\" on Chinese Windows writes gb18030)")
                return nil
            }
            source = .csvFile(path: path, delimiter: delimiter, encoding: encoding)
        case .xlsx:
            guard let xlsx = xlsxSource(node, common: common) else { return nil }
            source = xlsx
        case .folder:
            node.problem("a drop folder delivers no records", fix: "remove \"streams\" from this connector (it takes packages through \"handover\")")
            return nil
        case .http:
            node.allowOnly(common + ["path", "query", "records", "pagination"])
            guard let endpoint = httpEndpoint(node) else { return nil }
            source = .http(endpoint)
        case .sqlite, .postgres, .mysql, .odbc:
            node.allowOnly(common + ["table", "query", "cursor"])
            let table = node.string("table", required: false, fix: "name the table")
            let query = node.string("query", required: false, fix: "write the SELECT statement")
            switch (table, query) {
            case let (table?, nil): source = .table(table)
            case let (nil, query?): source = .query(query)
            default:
                let name = [ConnectorSpec.Kind.sqlite: "a SQLite", .mysql: "a MySQL", .odbc: "an ODBC"][kind] ?? "a PostgreSQL"
                node.problem("\(name) stream needs exactly one of \"table\" or \"query\"", fix: "give either \"table\": \"t_dw\" or \"query\": \"SELECT ...\"")
                return nil
            }
        }
        var cursor: CursorSpec?
        if let cursorNode = node["cursor"], cursorNode.isObject(fix: "write {\"column\": \"GXSJ\", \"key\": \"ZGH\"}") {
            cursorNode.allowOnly(["column", "key"])
            let fix = "name the cursor column (e.g. an update time) and the primary key that breaks ties"
            if let column = cursorNode.string("column", fix: fix), let key = cursorNode.string("key", fix: fix) {
                cursor = CursorSpec(column: column, key: key)
            }
        }
        var snapshot = true
        if let snapshotNode = node["snapshot"] {
            if case let .bool(value) = snapshotNode.value { snapshot = value } else {
                snapshotNode.problem("must be true or false", fix: "write \"snapshot\": false for a source that delivers only part of the records")
            }
        }
        return StreamSpec(name: name, id: "\(connector).\(name)", source: source,
                          rejectThreshold: node.double("rejectThreshold", in: 0...1, fix: "give a share such as 0.05 for 5%") ?? 0.05,
                          batchSize: node.int("batchSize", in: 1...1_000_000, fix: "give a number of rows such as 1000") ?? StreamSpec.defaultBatchSize,
                          cursor: cursor, snapshot: snapshot,
                          massDeleteThreshold: node.double("massDeleteThreshold", in: 0...1, fix: "give a share such as 0.10 for 10%") ?? 0.10)
    }

    static let encodings = ["utf-8", "utf8", "gb18030", "gbk", "gb2312"]

    /// `{"env": "NAME"}`, `{"file": "/path"}` (relative: to the workspace) or both (the variable
    /// when it is set, else the file); a literal string is refused.
    func secret(_ node: ConfigNode) -> SecretReference? {
        let fix = "name where the secret is: {\"env\": \"HR_DB_PASSWORD\"} or {\"file\": \"/run/secrets/hr-db\"}"
        guard case .object = node.value else {
            node.problem("secrets are never written into workspace files", fix: fix)
            return nil
        }
        node.allowOnly(["env", "file"])
        let name = node.string("env", required: false, fix: fix)
        let path = node.string("file", required: false, fix: fix).map { $0.hasPrefix("/") ? $0 : files.url($0).path }
        switch (name, path) {
        case let (name?, path?): return .environmentOrFile(name, path)
        case let (name?, nil): return .environment(name)
        case let (nil, path?): return .file(path)
        case (nil, nil): break
        }
        node.problem("a secret needs \"env\" or \"file\"", fix: fix)
        return nil
    }

    static func isPlainName(_ name: String) -> Bool {
        name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }
    }
}
