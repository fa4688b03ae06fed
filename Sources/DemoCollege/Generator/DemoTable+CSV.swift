extension DemoTable {
    /// RFC 4180 CSV text: a header row, comma delimiter, CRLF after every record,
    /// and quotes only around fields that contain a comma, quote, CR or LF.
    /// `nil` cells are written as empty fields.
    public func csvText() -> String {
        var text = ""
        text += Self.csvRecord(columns)
        for row in rows {
            text += Self.csvRecord(row.map { $0 ?? "" })
        }
        return text
    }

    private static func csvRecord(_ fields: [String]) -> String {
        fields.map(csvField).joined(separator: ",") + "\r\n"
    }

    private static func csvField(_ value: String) -> String {
        // Compare scalars: "\r\n" is a single Character, so a Character test would miss it.
        let needsQuotes = value.unicodeScalars.contains { scalar in
            scalar == "," || scalar == "\"" || scalar == "\r" || scalar == "\n"
        }
        guard needsQuotes else { return value }
        var quoted = "\""
        for character in value {
            quoted += character == "\"" ? "\"\"" : String(character)
        }
        return quoted + "\""
    }
}
