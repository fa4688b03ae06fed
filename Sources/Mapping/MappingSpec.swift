import Standards

/// A mapping file (`mappings/*.json`): how one stream's columns become an
/// entity's data elements.
public struct MappingSpec: Sendable, Equatable {
    /// The workspace-relative file it was read from, for messages.
    public let file: String
    /// `connector.stream`, e.g. "jw.students".
    public let stream: String
    public let entity: String
    /// In the order the file lists them.
    public let fields: [FieldSpec]
    /// The stream only adds to records other streams own (e.g. contact details
    /// from student affairs): of the entity's required elements it must carry only the key.
    public let supplementary: Bool
    /// The source's own null markers for every field (nil: each element's or the installation's).
    public let nullMarkers: NullMarkers?
    /// What a person still has to decide (`"review"` notes a drafted mapping carries, the field's element first:
    /// `XBM: header "性别" ...`); they change nothing in how rows are mapped.
    public let review: [String]

    public init(file: String, stream: String, entity: String, fields: [FieldSpec], supplementary: Bool = false, nullMarkers: NullMarkers? = nil,
                review: [String] = []) {
        self.nullMarkers = nullMarkers
        self.review = review
        self.file = file
        self.stream = stream
        self.entity = entity
        self.fields = fields
        self.supplementary = supplementary
    }

    /// Per field, in order: the null markers the mapping names for it (nil: the element's or the installation's).
    public var fieldNullMarkers: [NullMarkers?] { fields.map { $0.nullMarkers ?? nullMarkers } }
}

/// One element of a mapping: where its value comes from and what is done to it.
public struct FieldSpec: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        /// A source column, by name (a rename).
        case column(String)
        /// The same value for every row.
        case constant(String)
    }

    public let element: String
    public let source: Source
    public let transforms: [Transform]
    /// This field's own null markers (nil: the mapping's, the element's or the installation's).
    public let nullMarkers: NullMarkers?

    public init(element: String, source: Source, transforms: [Transform] = [], nullMarkers: NullMarkers? = nil) {
        self.nullMarkers = nullMarkers
        self.element = element
        self.source = source
        self.transforms = transforms
    }
}

/// A step applied to a source value before the element's own normaliser.
public enum Transform: Sendable, Equatable {
    case trim
    case upper
    case lower
    /// Source-specific values to standard codes (compared trimmed, half-width,
    /// case-insensitive); other values pass through unless `otherwise` says so.
    case valueMap([String: String], otherwise: Otherwise)
    /// Dates in the source's own patterns (tokens YYYY, MM, M, DD, D), tried in order.
    case date(patterns: [String])

    public enum Otherwise: String, Sendable, Equatable {
        /// Keep the value; the element's code table may still resolve it.
        case keep
        /// Drop the value (as if the cell were empty).
        case empty
        /// Quarantine the row.
        case reject
    }
}
