import Foundation
import HubCore
import MappingSuggestions
import Sharing
import Standards

/// The body of `POST /v1/admin/connectors/draft`, checked: a malformed member is a 400, a refused value
/// (a file outside the workspace, a literal password, an unknown entity) a 422 naming the member.
struct ConnectorRequest {
    let name: String
    let title: String?
    let department: String?
    let source: SourceDescription
    /// The CSV or SQLite file to open, absolute (inside the workspace).
    let path: String?
    let entity: String?
    let stream: String?
    /// Rows the answer shows.
    let limit: Int

    /// libpq keywords a console may set; a password (or a file of passwords, a key) never.
    static let connectionKeywords: Set<String> = ["host", "hostaddr", "port", "dbname", "user", "sslmode", "connect_timeout", "application_name",
                                                  "target_session_attrs", "options"]

    init(_ body: AdminBody, root: String, standards: StandardsCatalogue) throws {
        guard let name = try body.string("name"), SourceDraft.isValidName(name) else {
            throw Self.refused("name", "the name may hold only letters, digits, - and _ (at most 64)", fix: "use a short name such as jw, hr or xg")
        }
        self.name = name
        title = try body.string("title").map { $0.trimmingCharacters(in: .whitespaces) }
        department = try body.string("department").map { $0.trimmingCharacters(in: .whitespaces) }
        entity = try body.string("entity").flatMap { $0.isEmpty ? nil : $0 }
        if let entity, standards.entities[entity] == nil {
            throw Self.refused("entity", "unknown entity \"\(entity)\"", fix: "use one of: \(standards.entities.keys.sorted().joined(separator: ", "))")
        }
        stream = try body.string("stream").flatMap { $0.isEmpty ? nil : $0 }
        if let stream, !SourceDraft.isValidName(stream) {
            throw Self.refused("stream", "the stream's name may hold only letters, digits, - and _", fix: "use a short name such as students")
        }
        switch body.member("limit") {
        case nil, .null?: limit = 5
        case let .number(number)? where Int(number.text).map((1...20).contains) == true: limit = Int(number.text) ?? 5
        default: throw AccessError.badRequest("invalid_limit", "\"limit\" must be a whole number from 1 to 20")
        }
        func selection() throws -> SourceDescription.Selection {
            switch (try body.string("table").flatMap { $0.isEmpty ? nil : $0 }, try body.string("query").flatMap { $0.isEmpty ? nil : $0 }) {
            case let (table?, nil): return .table(table)
            case let (nil, query?): return .query(query)
            default: throw Self.refused("table", "a database source needs a table or a query (one of them)", fix: "give \"table\": \"t_jzg\" or \"query\": \"SELECT ...\"")
            }
        }
        func located(_ member: String) throws -> (written: String, absolute: String) {
            guard let file = try body.string(member), !file.isEmpty else {
                throw Self.refused(member, "the file is missing", fix: "name the file inside the workspace, e.g. \"exports/xsjbxx.csv\"")
            }
            switch SourceFiles.resolve(file, root: root) {
            case let .success(absolute): return (file, absolute)
            case let .failure(refused):
                throw Self.refused(member, refused.message, fix: "name a file inside the workspace, relative to it, in a folder such as exports/")
            }
        }
        switch try body.string("kind") {
        case "csv":
            let (file, absolute) = try located("file")
            let encoding = try body.string("encoding").flatMap { $0.isEmpty ? nil : $0.lowercased() }
            if let encoding, !["utf-8", "utf8", "gb18030", "gbk"].contains(encoding) {
                throw Self.refused("encoding", "unknown encoding \"\(encoding)\"", fix: "leave it empty (detected) or give utf-8, gb18030 or gbk")
            }
            let delimiter = try body.string("delimiter").flatMap { $0.isEmpty ? nil : $0 == "\\t" ? "\t" : $0 }
            if let delimiter, delimiter.count != 1 || !(delimiter.first?.isASCII ?? false) {
                throw Self.refused("delimiter", "the delimiter must be one ASCII character", fix: "leave it empty (detected) or give , ; | or \\t")
            }
            source = SourceDescription(.csv(file: file, encoding: encoding, delimiter: delimiter?.first))
            path = absolute
        case "xlsx":
            let (file, absolute) = try located("file")
            let headerRow: Int?
            switch body.member("headerRow") {
            case nil, .null?: headerRow = nil
            case let .number(number)? where Int(number.text).map((1...1000).contains) == true: headerRow = Int(number.text)
            default: throw Self.refused("headerRow", "\"headerRow\" must be a row number from 1 to 1000", fix: "leave it out (the first row with text) or give the row that names the columns")
            }
            source = SourceDescription(.xlsx(file: file, sheet: try body.string("sheet").flatMap { $0.isEmpty ? nil : $0 }, headerRow: headerRow))
            path = absolute
        case "sqlite":
            let (file, absolute) = try located(body.member("database") == nil ? "file" : "database")
            source = SourceDescription(.sqlite(database: file, selection: try selection()))
            path = absolute
        case "postgres":
            source = SourceDescription(.postgres(connection: try Self.connection(body.member("connection")), password: try Self.password(body.member("password"), root: root),
                                                 selection: try selection()))
            path = nil
        default:
            throw Self.refused("kind", "the kind must be csv, xlsx, sqlite or postgres", fix: "an HTTP source is added by editing its connector file")
        }
    }

    /// `"host=10.0.0.5 dbname=hr user=campushub"` or `{"host": ..., ...}`: keywords without a password.
    static func connection(_ value: JSONValue?) throws -> [SourceDescription.Parameter] {
        var pairs: [(String, String)] = []
        switch value {
        case let .string(text)?:
            for word in text.split(whereSeparator: \.isWhitespace) {
                guard let equals = word.firstIndex(of: "="), equals != word.startIndex else {
                    throw refused("connection", "the connection takes libpq keywords, key=value separated by spaces", fix: "e.g. host=10.0.0.5 port=5432 dbname=hr user=campushub")
                }
                pairs.append((String(word[..<equals]), String(word[word.index(after: equals)...])))
            }
        case let .object(members)?:
            for (key, member) in members {
                guard case let .string(text) = member else { throw refused("connection.\(key)", "must be text", fix: "write \"\(key)\": \"...\"") }
                pairs.append((key, text))
            }
        default:
            throw refused("connection", "the connection is missing", fix: "give libpq keywords: host=10.0.0.5 port=5432 dbname=hr user=campushub")
        }
        guard !pairs.isEmpty else { throw refused("connection", "the connection is empty", fix: "give at least host, dbname and user") }
        for (key, _) in pairs where key.lowercased().contains("pass") || key.lowercased().hasPrefix("ssl") && key.lowercased().contains("key") {
            throw refused("connection.\(key)", "a secret must not be written in the connection",
                          fix: "remove it and name where the password is: \"password\": {\"env\": \"HR_DB_PASSWORD\"}")
        }
        for (key, _) in pairs where !connectionKeywords.contains(key) {
            throw refused("connection.\(key)", "\"\(key)\" is not a connection keyword the console may set", fix: "use: \(connectionKeywords.sorted().joined(separator: ", "))")
        }
        return pairs.map { SourceDescription.Parameter($0.0, $0.1) }
    }

    /// `{"env": "HR_DB_PASSWORD"}`, `{"file": "/run/secrets/hr-db"}` or both; a literal is refused.
    static func password(_ value: JSONValue?, root: String) throws -> SourceDescription.SecretName? {
        let fix = "name where the password is: {\"env\": \"HR_DB_PASSWORD\"} or {\"file\": \"/run/secrets/hr-db\"}; never the password itself"
        switch value {
        case nil, .null?: return nil
        case let .object(members)?:
            try AdminBody.allowOnly(members, ["env", "file"], at: "password")
            var names: [String: String] = [:]
            for (key, member) in members {
                guard case let .string(text) = member, !text.isEmpty else { throw refused("password.\(key)", "must be a name", fix: fix) }
                names[key] = text
            }
            if let env = names["env"], env.range(of: "^[A-Z_][A-Z0-9_]*$", options: .regularExpression) == nil {
                throw refused("password.env", "\"\(env)\" is not an environment variable name", fix: "capital letters, digits and _, e.g. HR_DB_PASSWORD")
            }
            guard !names.isEmpty else { throw refused("password", "a secret needs \"env\" or \"file\"", fix: fix) }
            // A test connection sends the file's text to the host the form names: never one of the hub's own files.
            if let file = names["file"], let problem = SecretFiles.problem(file, root: root) {
                throw refused("password.file", problem, fix: "name a file that holds only this password, e.g. /run/secrets/hr-db")
            }
            return SourceDescription.SecretName(environment: names["env"], file: names["file"])
        default:
            throw refused("password", "a password must not be written here", fix: fix)
        }
    }

    /// 422 `source_invalid` naming the member (never its value).
    static func refused(_ member: String, _ message: String, fix: String) -> FieldRefusal {
        FieldRefusal(field: member, message: message, fix: fix)
    }
}

/// A request member the API refuses: 422 with `problems: [{path, message, fix}]` (the shape of a save's refusal).
struct FieldRefusal: Error {
    let field: String
    let message: String
    let fix: String
}
