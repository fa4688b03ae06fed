/// A connector file (`connectors/*.json`): one external system and its streams.
public struct ConnectorSpec: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case csv, sqlite
    }

    public let file: String
    public let name: String
    public let title: String
    public let kind: Kind
    /// For `sqlite`: the database file (absolute, or relative to the workspace).
    public let database: String?
    public let streams: [StreamSpec]

    public init(file: String, name: String, title: String, kind: Kind, database: String?, streams: [StreamSpec]) {
        self.file = file
        self.name = name
        self.title = title
        self.kind = kind
        self.database = database
        self.streams = streams
    }
}

/// One stream of records a connector delivers, e.g. `jw.students`.
public struct StreamSpec: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        /// A CSV file (absolute, or relative to the workspace).
        case csvFile(path: String, delimiter: UInt8, encoding: String)
        case table(String)
        case query(String)
    }

    /// The stream's name inside its connector, e.g. "students".
    public let name: String
    /// `connector.stream`, e.g. "jw.students".
    public let id: String
    public let source: Source
    /// The share of rows (0...1) that may be quarantined before the run fails with exit 65.
    public let rejectThreshold: Double
    /// Rows per committed batch.
    public let batchSize: Int
    /// Incremental reads: a cursor column (e.g. an update time) and the primary
    /// key as tie-breaker. nil: every run reads the whole source.
    public let cursor: CursorSpec?
    /// Whether a complete read is a snapshot: records it lacks are marked inactive.
    public let snapshot: Bool
    /// The share (0...1) of active records a snapshot may lack before the run
    /// aborts without deactivating anything (exit 65).
    public let massDeleteThreshold: Double

    public init(name: String, id: String, source: Source, rejectThreshold: Double = 0.05, batchSize: Int = 1000,
                cursor: CursorSpec? = nil, snapshot: Bool = true, massDeleteThreshold: Double = 0.10) {
        self.name = name
        self.id = id
        self.source = source
        self.rejectThreshold = rejectThreshold
        self.batchSize = batchSize
        self.cursor = cursor
        self.snapshot = snapshot
        self.massDeleteThreshold = massDeleteThreshold
    }
}

/// `"cursor": {"column": "GXSJ", "key": "ZGH"}`: rows are read in (column, key)
/// order after the last committed (column, key).
public struct CursorSpec: Sendable, Equatable {
    public let column: String
    public let key: String

    public init(column: String, key: String) {
        self.column = column
        self.key = key
    }
}
