import Connectors
import Foundation
import HubCore
import MappingSuggestions
import PostgresClient

/// The source `connector add` was pointed at: its description (what the connector file names), the
/// file to open, and a password to sample with (never written).
struct ConnectorSource {
    let description: SourceDescription
    /// The CSV or SQLite file, absolute.
    let path: String?
    private let password: String?
    private(set) var warnings: [String] = []

    init(_ arguments: Arguments, connector: String, workspaceRoot: String, environment: [String: String]) throws {
        let given = ["csv", "xlsx", "sqlite", "postgres"].filter { arguments.values[$0] != nil }
        guard given.count == 1 else {
            throw HubError.usage("connector add: name one source: --csv FILE, --xlsx FILE, --sqlite FILE or --postgres CONNINFO", fix: "for example --csv exports/students.csv")
        }
        func selection() throws -> SourceDescription.Selection {
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
            let delimiter = arguments.values["delimiter"].map { $0 == "\\t" ? "\t" : $0 }
            if let delimiter, delimiter.count != 1 || !(delimiter.first?.isASCII ?? false) {
                throw HubError.usage("connector add: --delimiter must be one ASCII character", fix: "for example --delimiter ';' or --delimiter '\\t'")
            }
            description = SourceDescription(.csv(file: written, encoding: arguments.values["encoding"], delimiter: delimiter?.first))
            self.path = path
            password = nil
        } else if let xlsx = arguments.values["xlsx"] {
            let (path, written) = located(xlsx)
            let headerRow = try arguments.values["header-row"].map { text in
                guard let row = Int(text), (1...1000).contains(row) else {
                    throw HubError.usage("connector add: --header-row must be a row number from 1 to 1000", fix: "for example --header-row 2")
                }
                return row
            }
            description = SourceDescription(.xlsx(file: written, sheet: arguments.values["sheet"], headerRow: headerRow))
            self.path = path
            password = nil
        } else if let sqlite = arguments.values["sqlite"] {
            let (path, written) = located(sqlite)
            guard FileManager.default.fileExists(atPath: path) else {
                throw HubError.usage("connector add: no SQLite database at \(path)", fix: "check the path (absolute, or relative to the current folder)")
            }
            description = SourceDescription(.sqlite(database: written, selection: try selection()))
            self.path = path
            password = nil
        } else {
            let conninfo = arguments.values["postgres"] ?? ""
            var parameters = PostgresConnection.keywords(conninfo)
            guard !parameters.isEmpty, parameters.count == conninfo.split(separator: " ").count else {
                throw HubError.usage("connector add: --postgres takes libpq keywords, key=value separated by spaces", fix: "for example \"host=10.0.0.5 port=5432 dbname=hr user=campushub\"")
            }
            let inline = parameters.first { $0.0 == "password" }?.1
            parameters.removeAll { $0.0 == "password" }
            let variable = arguments.values["password-env"] ?? "\(connector.uppercased().replacingOccurrences(of: "-", with: "_"))_DB_PASSWORD"
            password = inline ?? environment[variable]
            let named = inline != nil || arguments.values["password-env"] != nil || environment[variable] != nil
            description = SourceDescription(.postgres(connection: parameters.map { SourceDescription.Parameter($0.0, $0.1) },
                                                      password: named ? SourceDescription.SecretName(environment: variable, file: nil) : nil,
                                                      selection: try selection()))
            path = nil
            if inline != nil { warnings.append("the password was not written to the connector file: export \(variable) for sync and serve") }
        }
    }

    /// The first `limit` rows, and the description with the encoding and delimiter used.
    func sample(limit: Int) throws -> (inspection: SourceInspection, source: SourceDescription) {
        let inspection = try SourceInspecting.inspect(description, path: path, password: password, limit: limit)
        return (inspection, description.using(inspection))
    }

    static func summary(_ source: SourceDescription) -> String {
        switch source.location {
        case let .csv(_, encoding, delimiter): return "CSV, \(encoding ?? "utf-8"), delimiter \(delimiter == "\t" ? "tab" : String(delimiter ?? ","))"
        case let .xlsx(_, sheet, headerRow): return "Excel workbook, sheet \(sheet ?? "(the first)"), header row \(headerRow.map(String.init) ?? "(the first with text)")"
        case .sqlite: return "SQLite"
        case .postgres: return "PostgreSQL"
        }
    }
}
