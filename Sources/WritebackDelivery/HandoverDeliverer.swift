import Archiver
import Foundation
import Outbox
import Store
import Workspace

/// Archive systems: a packaged case's package handed over into the drop folder (see `DropFolder`):
/// the package and then its manifest, each durably under a temporary name and renamed; a package
/// already there with the same SM3 counts as delivered (the outbox's at-least-once made idempotent).
final class HandoverDeliverer: Deliverer {
    private let dropFolder: DropFolder
    private let packages: String

    init(spec: HandoverTargetSpec, packages: String) {
        switch spec.delivery {
        case let .folder(path): dropFolder = DropFolder(folder: path)
        }
        self.packages = packages
        dropFolder.sweep()
    }

    func deliver(_ record: WritebackRecord) -> DeliveryEvent {
        guard record.request.operation == "archive" else {
            return .failedPermanently(error: "an archive system takes archival packages only, not \(record.request.operation) write-backs")
        }
        let fields = record.request.fields
        let packageID = record.idempotencyKey
        let entry = DropFolder.Entry(packageID: packageID, archiveNumber: fields["archiveNumber"] ?? "", sm3: fields["sm3"] ?? "",
                                     size: Int(fields["size"] ?? "") ?? -1)
        do {
            switch try dropFolder.deliver(file: packages + "/" + packageID + ".xml", entry: entry) {
            case .delivered, .alreadyThere: return .succeeded
            case let .refused(reason): return .failedPermanently(error: reason)
            }
        } catch {
            // The folder not there or not writable (a share not mounted, a full disk): again later.
            return .failedTemporarily(error: "drop folder: \(error)")
        }
    }
}
