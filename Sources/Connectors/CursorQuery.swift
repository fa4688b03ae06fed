import HubCore
import SQLiteDB
import Workspace

/// The SQL both database sources run: the table or query, and for an
/// incremental read the rows after the committed (cursor column, key)
/// position, in that order — so rows sharing a timestamp are neither missed
/// nor read twice.
struct CursorQuery {
    let sql: String
    /// The cursor's value and key, to bind as parameters 1 and 2 (none without a position).
    let position: [SQLValue]

    /// `placeholders`: how the database spells parameters 1 and 2 ("?1"/"?2" or "$1"/"$2").
    init(base: String, incremental: CursorSpec?, after: String?, placeholders: (String, String)) {
        guard let incremental else {
            sql = base
            position = []
            return
        }
        let column = Self.quoted(incremental.column), key = Self.quoted(incremental.key)
        var sql = "SELECT * FROM (\(base)) source"
        var position: [SQLValue] = []
        if let after, let cursor = SourceCursor.parse(after) {
            let (value, tie) = placeholders
            sql += " WHERE \(column) > \(value) OR (\(column) = \(value) AND \(key) > \(tie))"
            position = [cursor.value, cursor.key]
        }
        self.sql = sql + " ORDER BY \(column), \(key)"
        self.position = position
    }

    static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// `SELECT * FROM "schema"."table"`.
    static func selectAll(_ table: String) -> String {
        "SELECT * FROM " + table.split(separator: ".").map { quoted(String($0)) }.joined(separator: ".")
    }

    /// Positions of the cursor columns among the columns read, for an incremental read.
    static func columns(_ incremental: CursorSpec?, in header: SourceHeader, origin: String) throws(HubError) -> (value: Int, key: Int)? {
        guard let incremental else { return nil }
        guard let value = header.index(of: incremental.column), let key = header.index(of: incremental.key) else {
            throw HubError.config("\(origin): the cursor columns \(incremental.column), \(incremental.key) are not among the columns read",
                                  fix: "name columns of the table or query in \"cursor\"")
        }
        return (value, key)
    }
}
