import Archiver
import Foundation
import HubCore
import Store
import Workspace
import WritebackDelivery

/// One archive system's side of a handover, in two halves around the outbox's deliveries: `queue`
/// checks each packaged case's package again (with the channel's authentication) and queues it;
/// `settle`, once deliveries have happened, writes the transfer list (移交清单) of the cases handed
/// over since the last one and records the archive system's acknowledgements. `archive handover`
/// runs both around its own delivery pass; `outbox run` settles after it delivers; `serve` runs both
/// on its archiving schedule while its dispatcher delivers.
struct ArchiveSystemRound {
    let system: ConnectorSpec
    let handover: CaseHandover
    private let table: SQLHandoverTable?

    init(workspace: Workspace, system: ConnectorSpec, workspaceRoot: String, installationKey: [UInt8], timeZone: InstallationTimeZone,
         environment: [String: String]) throws {
        guard let rules = workspace.archiving else {
            throw HubError.config("archive: standards/archiving.json is missing", fix: "add it (see the shipped one) to say how cases are archived")
        }
        guard let spec = system.handover else { throw HubError.internal("archive handover: \(system.name) has no handover") }
        // A secret missing from the environment is exit 78 now, not a retry that cannot succeed.
        try TargetSecrets.checkHandover(system, environment: environment)
        let folder: String
        switch spec.delivery {
        case let .folder(path): folder = path
        case .http, .sql:
            // The receipts and transfer lists of an archive system over HTTP or SQL stay in the workspace.
            folder = workspace.resolve(HandoverTargetSpec.receiptsFolder(connector: system.name))
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        self.system = system
        handover = CaseHandover(rules: rules, signingKey: ArchiveSigningKey.derive(installationKey: installationKey),
                                packages: workspaceRoot + "/archive/packages", target: system.name, dropFolder: DropFolder(folder: folder),
                                channelAuthenticated: system.handoverChannelAuthenticated, timeZone: timeZone)
        if case let .sql(name) = spec.delivery {
            table = try SQLHandoverTable(connector: system, table: name, workspace: workspace, environment: environment)
        } else {
            table = nil
        }
    }

    /// Every archive system of the workspace (connectors with "handover").
    static func all(workspace: Workspace, workspaceRoot: String, store: any HubStore, timeZone: InstallationTimeZone,
                    environment: [String: String]) throws -> [ArchiveSystemRound] {
        let systems = workspace.connectors.filter { $0.handover != nil }
        guard workspace.archiving != nil, !systems.isEmpty else { return [] }
        let key = try store.maskKey()
        return try systems.map {
            try ArchiveSystemRound(workspace: workspace, system: $0, workspaceRoot: workspaceRoot, installationKey: key, timeZone: timeZone,
                                   environment: environment)
        }
    }

    /// Checks and queues the packaged cases (partial files of a killed pass swept out of the archive system's way first).
    func queue(in store: any HubStore, limit: Int) throws -> CaseHandover.Queued {
        handover.dropFolder.sweep()
        return try handover.queue(in: store, limit: limit)
    }

    /// The transfer list of the cases handed over since the last one, and the acknowledgements found.
    func settle(in store: any HubStore) throws -> (transferList: String?, archived: Int) {
        let list = try handover.writeTransferList(in: store)
        let archived = try handover.recordAcknowledgements(in: store, from: table.map { table in { try table.acknowledgement($0) } })
        return (list, archived)
    }
}
