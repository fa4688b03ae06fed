import FileLocking
import Foundation
import HubCore
import PostgresClient

/// A `flock` on a file beside the SQLite store (see `FileLocking`).
extension FileLock: StreamLock {}

/// A PostgreSQL session advisory lock on its own connection: held while this
/// object lives, released by the server when the connection ends (a killed
/// process included). The one owner of that connection.
final class AdvisoryLock: StreamLock {
    private let connection: PostgresConnection

    private init(connection: PostgresConnection) { self.connection = connection }

    /// Tries until `wait` seconds have passed; nil when still held elsewhere.
    static func acquire(name: String, parameters: [(String, String)], wait: Double, poll: Double = 0.2) throws -> AdvisoryLock? {
        let connection = try PostgresConnection(parameters: parameters)
        let deadline = Date().addingTimeInterval(wait)
        while try connection.query("SELECT pg_try_advisory_lock(hashtext('campushub.stream'), hashtext($1))", [name]).first?.first == "f" {
            guard Date() < deadline else { return nil }
            Thread.sleep(forTimeInterval: poll)
        }
        return AdvisoryLock(connection: connection)
    }
}

extension SQLStore {
    /// SQLite: `<store>.locks/<stream>.lock` beside the database file. PostgreSQL: an advisory
    /// lock, so processes on several machines sharing the database serialise each stream.
    public func lockStream(_ stream: String, wait: Double) throws -> StreamLock? {
        switch backing {
        case let .sqlite(path):
            let safe = stream.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" ? $0 : "_" }
            do {
                return try FileLock.acquire(path: path + ".locks/" + String(safe) + ".lock", wait: wait)
            } catch {
                throw HubError.internal("\(error)", fix: "check the permissions of the store's folder")
            }
        case let .postgres(parameters):
            return try AdvisoryLock.acquire(name: stream, parameters: parameters, wait: wait)
        }
    }
}

extension SQLStore {
    /// Called before a transaction numbers its first change (`change_seq`, MAX + 1); held until it
    /// commits or rolls back. PostgreSQL: a transaction-scoped advisory lock, so writers number
    /// their changes one transaction at a time and the numbers become visible in their order: a
    /// change feed reader (or the person pass) that has read number n will never see a smaller
    /// number appear later, and no two changes share one. One lock for every entity, because
    /// the person pass walks several entities by one sequence; reading sources, normalising and
    /// writing source rows still overlap. Taking it again in the same transaction costs a round
    /// trip and nothing else. SQLite has one writer at a time already.
    func holdChangeNumbering() throws {
        guard dialect == .postgres else { return }
        let statement = try cachedStatement("SELECT pg_advisory_xact_lock(hashtext('campushub.changes'))")
        defer { statement.reset() }
        _ = try statement.step()
    }
}
