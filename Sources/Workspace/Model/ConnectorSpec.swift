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

    public init(name: String, id: String, source: Source, rejectThreshold: Double = 0.05, batchSize: Int = 1000) {
        self.name = name
        self.id = id
        self.source = source
        self.rejectThreshold = rejectThreshold
        self.batchSize = batchSize
    }
}
