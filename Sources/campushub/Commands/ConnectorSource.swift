import Connectors
import Foundation
import HubCore
import MappingSuggestions
import PostgresClient

/// The source `connector add` was pointed at: how to read its sample, and the connector file that names it.
struct ConnectorSource {
    enum Kind {
        case csv(path: String, dialect: CSVDialect)
        case sqlite(path: String, selection: SQLiteSource.Selection)
        case postgres(parameters: [(String, String)], password: String?, passwordVariable: String?, selection: SQLiteSource.Selection)
    }

    let kind: Kind
    /// The source's path as the connector file gives it: relative to the workspace when inside it.
    let writtenPath: String
    private(set) var warnings: [String] = []

    init(_ arguments: Arguments, connector: String, workspaceRoot: String, environment: [String: String]) throws {
        let given = ["csv", "sqlite", "postgres"].filter { arguments.values[$0] != nil }
        guard given.count == 1 else {
            throw HubError.usage("connector add: name one source: --csv FILE, --sqlite FILE or --postgres CONNINFO", fix: "for example --csv exports/students.csv")
        }
        func selection() throws -> SQLiteSource.Selection {
            switch (arguments.values["table"], arguments.values["query"]) {
            case let (table?, nil): return .table(table)
            case let (nil, query?): return .query(query)
            default: throw HubError.usage("connector add: a database source needs --table T or --query SQL (one of them)", fix: "for example --table t_jzg")
            }
        }
        func located(_ path: String) -> (absolute: String, written: String) {
            let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
            let root = workspaceRoot.hasSuffix("/") ? workspaceRoot : workspaceRoot + "/"
            return (absolute, absolute.hasPrefix(root) ? String(absolute.dropFirst(root.count)) : absolute)
        }
        if let csv = arguments.values["csv"] {
            let (path, written) = located(csv)
            let sniffed = try CSVDialect.sniff(file: path)
            let delimiter = arguments.values["delimiter"].map { $0 == "\\t" ? "\t" : $0 }
            if let delimiter, delimiter.count != 1 || !(delimiter.first?.isASCII ?? false) {
                throw HubError.usage("connector add: --delimiter must be one ASCII character", fix: "for example --delimiter ';' or --delimiter '\\t'")
            }
            kind = .csv(path: path, dialect: CSVDialect(encoding: arguments.values["encoding"] ?? sniffed.encoding, delimiter: delimiter?.first ?? sniffed.delimiter))
            writtenPath = written
        } else if let sqlite = arguments.values["sqlite"] {
            let (path, written) = located(sqlite)
            guard FileManager.default.fileExists(atPath: path) else {
                throw HubError.usage("connector add: no SQLite database at \(path)", fix: "check the path (absolute, or relative to the current folder)")
            }
            kind = .sqlite(path: path, selection: try selection())
            writtenPath = written
        } else {
            let conninfo = arguments.values["postgres"] ?? ""
            var parameters = PostgresConnection.keywords(conninfo)
            guard !parameters.isEmpty, parameters.count == conninfo.split(separator: " ").count else {
                throw HubError.usage("connector add: --postgres takes libpq keywords, key=value separated by spaces", fix: "for example \"host=10.0.0.5 port=5432 dbname=hr user=campushub\"")
            }
            let inline = parameters.first { $0.0 == "password" }?.1
            parameters.removeAll { $0.0 == "password" }
            let variable = arguments.values["password-env"] ?? "\(connector.uppercased().replacingOccurrences(of: "-", with: "_"))_DB_PASSWORD"
            let password = inline ?? environment[variable]
            kind = .postgres(parameters: parameters, password: password,
                             passwordVariable: inline != nil || arguments.values["password-env"] != nil || environment[variable] != nil ? variable : nil,
                             selection: try selection())
            writtenPath = ""
            if inline != nil { warnings.append("the password was not written to the connector file: export \(variable) for sync and serve") }
        }
    }

    /// Each column with its first `limit` rows' values.
    func sample(limit: Int) throws -> [ColumnSample] {
        var source: RecordSource
        switch kind {
        case let .csv(path, dialect): source = try CSVFileSource(path: path, delimiter: dialect.delimiter.asciiValue ?? UInt8(ascii: ","), encoding: dialect.encoding)
        case let .sqlite(path, selection): source = try SQLiteSource(path: path, selection: selection)
        case let .postgres(parameters, password, _, selection):
            source = try PostgresSource(connection: parameters + (password.map { [("password", $0)] } ?? []), origin: "connector add", selection: selection)
        }
        var rows: [SourceRow] = []
        while rows.count < limit, let row = try source.next() { rows.append(row) }
        return ColumnSample.columns(source.header, rows: rows)
    }

    var summary: String {
        switch kind {
        case let .csv(_, dialect): return "CSV, \(dialect.encoding), delimiter \(dialect.delimiter == "\t" ? "tab" : String(dialect.delimiter))"
        case .sqlite: return "SQLite"
        case .postgres: return "PostgreSQL"
        }
    }

    /// The connector file's text, in the shape of the repository's connectors/.
    func connectorFile(name: String, stream: String, department: String?) -> String {
        let q = JSONWriter.quoted
        var lines = ["{", "  \"name\": \(q(name)),", "  \"title\": \(q(name)),"]
        if let department { lines.append("  \"department\": \(q(department)),") }
        var streamMembers = ["\"name\": \(q(stream))"]
        func selected(_ selection: SQLiteSource.Selection) -> String {
            switch selection {
            case let .table(table): return "\"table\": \(q(table))"
            case let .query(query): return "\"query\": \(q(query))"
            }
        }
        switch kind {
        case let .csv(_, dialect):
            lines.append("  \"kind\": \"csv\",")
            streamMembers += ["\"file\": \(q(writtenPath))", "\"encoding\": \(q(dialect.encoding))", "\"delimiter\": \(q(String(dialect.delimiter)))"]
        case let .sqlite(_, selection):
            lines += ["  \"kind\": \"sqlite\",", "  \"database\": \(q(writtenPath)),"]
            streamMembers.append(selected(selection))
        case let .postgres(parameters, _, variable, selection):
            lines.append("  \"kind\": \"postgres\",")
            lines.append("  \"connection\": {" + parameters.map { "\(q($0.0)): \(q($0.1))" }.joined(separator: ", ") + "},")
            if let variable { lines.append("  \"password\": {\"env\": \(q(variable))},") }
            streamMembers.append(selected(selection))
        }
        lines += ["  \"streams\": [", "    {" + streamMembers.joined(separator: ", ") + "}", "  ]", "}", ""]
        return lines.joined(separator: "\n")
    }
}
