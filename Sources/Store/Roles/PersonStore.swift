import Foundation
import Standards

/// One real person behind records in several roles: links and candidate matches.
public protocol PersonStore: AnyObject {
    func person(entity: String, key: String) throws -> PersonView?
    func matchCandidates(status: String?, limit: Int) throws -> [MatchCandidate]
    /// Confirms or rejects a candidate match, recorded with who decided.
    func decide(candidate id: Int64, confirm: Bool, by: String, at: Date) throws
    /// Undoes a confirmed link; the records are correlated again under `matching`.
    func unlink(entity: String, key: String, matching: PersonMatching, at: Date) throws
}
