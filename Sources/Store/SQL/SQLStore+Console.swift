import Foundation
import HubCore
import SQLiteDB

/// Reads for the operator console that the command line has no single query for.
extension SQLStore {
    /// Open conflicts of one record (where its sources disagree), by element.
    public func conflicts(entity: String, key: String) throws -> [ConflictEntry] {
        try database.rows("""
            SELECT id, entity, key, element, golden_stream, golden_value, others, opened_run, opened_at FROM conflicts
            WHERE status = 'open' AND entity = ? AND key = ? ORDER BY element
            """, [.text(entity), .text(key)]).map(Self.conflict)
    }
}
