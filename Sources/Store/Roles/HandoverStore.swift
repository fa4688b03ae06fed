import Foundation

/// Packaged cases handed over to the archive system through the outbox (see `SQLStore+Handover`):
/// queued once per package, moved to handed-over when delivered, listed on a transfer list,
/// archived on the archive system's acknowledgement.
public protocol HandoverStore: AnyObject {
    func casesToHandOver(limit: Int) throws -> [StoredCase]
    @discardableResult
    func queueHandover(caseID: String, packageID: String, target: String, fields: [String: String], now: Date) throws -> Bool
    func handoversToList(limit: Int) throws -> [(stored: StoredCase, handover: WritebackRecord)]
    func recordListed(caseIDs: [String], list: String, now: Date) throws
    @discardableResult
    func recordArchived(caseID: String, acknowledgedAt: String, receipt: String, now: Date) throws -> Bool
}
