import Foundation
import HubCore
import Store
import Workspace

/// The demo college's archive system: a drop folder in demo-data/ (connectors/archives.json). The
/// demo hands its packaged cases over into it, then acknowledges each package it finds there — as an
/// archive system does once it has imported one — and records the acknowledgements, so the demo's
/// cases go all the way: filed, packaged, checked, handed over, archived.
enum DemoArchiveSystem {
    struct Handed {
        var delivered = 0, archived = 0
    }

    static func handOver(workspace: Workspace, store: any HubStore, context: Context) throws -> (system: ConnectorSpec, handed: Handed)? {
        guard let system = workspace.connectors.first(where: { $0.handover != nil }), case let .folder(inbox)? = system.handover?.delivery else { return nil }
        // The archive system's inbox is there while it runs (a share that is not mounted is a target that is down).
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        var handed = Handed()
        let first = try ArchiveCommand.handoverPass(workspace: workspace, target: system, store: store, context: context, limit: 1000, leaseSeconds: 30)
        handed.delivered = first.delivered
        handed.archived = first.archived
        try acknowledge(inbox: inbox, at: Date(), timeZone: try context.timeZone)
        handed.archived += try ArchiveCommand.handoverPass(workspace: workspace, target: system, store: store, context: context, limit: 1000,
                                                           leaseSeconds: 30).archived
        return (system, handed)
    }

    /// An acknowledgement (`<package id>.ack`) for each package whose manifest is in the inbox and has none yet.
    static func acknowledge(inbox: String, at now: Date, timeZone: InstallationTimeZone) throws {
        let suffix = ".manifest.json"
        let names = try FileManager.default.contentsOfDirectory(atPath: inbox)
        let local = Timestamp.iso8601(now.addingTimeInterval(Double(timeZone.secondsFromUTC(at: now))))
        for manifest in names where manifest.hasSuffix(suffix) {
            let package = String(manifest.dropLast(suffix.count))
            guard !names.contains(package + ".ack") else { continue }
            try Data("东江职业技术学院档案馆（演示）已接收入库 \(local.replacingOccurrences(of: "Z", with: ""))\n".utf8)
                .write(to: URL(fileURLWithPath: inbox + "/" + package + ".ack"), options: .atomic)
        }
    }
}
