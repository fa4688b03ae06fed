import HubCore

/// A source to connect, as `campushub connector add` and the console's "添加数据源" describe it: what to
/// read, never a secret's value (a PostgreSQL password is the name of a variable or a file).
public struct SourceDescription: Sendable, Equatable {
    public enum Selection: Sendable, Equatable {
        case table(String)
        case query(String)
    }

    public struct Parameter: Sendable, Equatable {
        public let key: String
        public let value: String
        public init(_ key: String, _ value: String) {
            self.key = key
            self.value = value
        }
    }

    /// Where a password is: `{"env": ...}`, `{"file": ...}` or both (the variable when set).
    public struct SecretName: Sendable, Equatable {
        public let environment: String?
        public let file: String?
        public init(environment: String?, file: String?) {
            self.environment = environment
            self.file = file
        }
    }

    public enum Location: Sendable, Equatable {
        /// A CSV file as the connector names it (relative to the workspace when inside it); encoding and
        /// delimiter nil: the detected ones.
        case csv(file: String, encoding: String?, delimiter: Character?)
        case sqlite(database: String, selection: Selection)
        case postgres(connection: [Parameter], password: SecretName?, selection: Selection)
        /// An Excel workbook as the connector names it; sheet nil: the first; headerRow nil: the first row with text.
        case xlsx(file: String, sheet: String?, headerRow: Int?)
    }

    public let location: Location

    public init(_ location: Location) { self.location = location }

    public var kind: String {
        switch location {
        case .csv: "csv"
        case .sqlite: "sqlite"
        case .postgres: "postgres"
        case .xlsx: "xlsx"
        }
    }
}

/// What reading a source's first rows found: its header, the rows, and for a CSV file the encoding
/// and delimiter detected from its bytes beside those used (given, or else the detected ones).
public struct SourceInspection: Sendable {
    public let header: SourceHeader
    public let rows: [SourceRow]
    public let detectedEncoding: String?
    public let detectedDelimiter: Character?
    public let encoding: String?
    public let delimiter: Character?

    public init(header: SourceHeader, rows: [SourceRow], detectedEncoding: String? = nil, detectedDelimiter: Character? = nil,
                encoding: String? = nil, delimiter: Character? = nil) {
        self.header = header
        self.rows = rows
        self.detectedEncoding = detectedEncoding
        self.detectedDelimiter = detectedDelimiter
        self.encoding = encoding ?? detectedEncoding
        self.delimiter = delimiter ?? detectedDelimiter
    }

    public var columns: [ColumnSample] { ColumnSample.columns(header, rows: rows) }

    /// Reads the first `limit` rows of a described source; `path` is the file to open for a CSV or
    /// SQLite source (absolute: the caller decided where it may be). Supplied by whoever may open
    /// sources (the `campushub` executable); `environment` resolves a password's variable.
    public typealias Reader = @Sendable (_ source: SourceDescription, _ path: String?, _ limit: Int) throws -> SourceInspection
}
