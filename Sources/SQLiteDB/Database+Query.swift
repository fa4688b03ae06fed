extension Database {
    /// All rows of a small query as text columns (CLI listings, tests).
    public func rows(_ sql: String, _ values: [SQLValue] = []) throws(SQLiteError) -> [[String?]] {
        let statement = try prepare(sql)
        try statement.bind(values)
        var rows: [[String?]] = []
        while try statement.step() {
            rows.append((0..<statement.columnCount).map { statement.text($0) })
        }
        return rows
    }

    /// The first column of the first row, or nil.
    public func scalar(_ sql: String, _ values: [SQLValue] = []) throws(SQLiteError) -> String? {
        let statement = try prepare(sql)
        try statement.bind(values)
        return try statement.step() ? statement.text(0) : nil
    }
}
