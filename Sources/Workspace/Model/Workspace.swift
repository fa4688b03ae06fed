import Archiving
import Foundation
import Mapping
import Sharing
import Standards

/// A loaded, checked workspace: connectors, mappings, standards.
public struct Workspace: Sendable {
    /// The workspace folder; relative paths in connector files resolve against it.
    public let root: String
    public let connectors: [ConnectorSpec]
    public let mappings: [MappingSpec]
    public let standards: StandardsCatalogue
    /// Consumers, sharing policies and form prefill sets.
    public let sharing: SharingCatalogue
    /// How finished service-hall cases are archived (`standards/archiving.json`); nil: not configured.
    public let archiving: ArchivingRules?
    /// Every configuration file the workspace was loaded from, path and bytes, in the order read:
    /// what a digest of the configuration covers (a full read knows a row it met under the same
    /// configuration without normalising it again). Empty for a workspace made in memory: no row is known again.
    public let configuration: [UInt8]

    public init(root: String, connectors: [ConnectorSpec], mappings: [MappingSpec], standards: StandardsCatalogue,
                sharing: SharingCatalogue = .empty, archiving: ArchivingRules? = nil, configuration: [UInt8] = []) {
        self.configuration = configuration
        self.root = root
        self.connectors = connectors
        self.mappings = mappings
        self.standards = standards
        self.sharing = sharing
        self.archiving = archiving
    }

    /// Every stream, in connector file order.
    public var streams: [(connector: ConnectorSpec, stream: StreamSpec)] {
        connectors.flatMap { connector in connector.streams.map { (connector, $0) } }
    }

    public func stream(_ id: String) -> (connector: ConnectorSpec, stream: StreamSpec)? {
        streams.first { $0.stream.id == id }
    }

    public func mapping(for streamID: String) -> MappingSpec? {
        mappings.first { $0.stream == streamID }
    }

    /// A connector path made absolute against the workspace root.
    public func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: root).appendingPathComponent(path).path
    }
}
