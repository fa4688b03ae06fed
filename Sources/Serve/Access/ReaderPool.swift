import Foundation
import Store

/// Read-only store connections for the server's threads: a request borrows one and
/// gives it back. SQLite connections are not shared between threads at once.
final class ReaderPool: @unchecked Sendable {
    private let path: String
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var idle: [SQLiteStore] = []

    init(path: String) {
        self.path = path
    }

    func with<T>(_ body: (SQLiteStore) throws -> T) throws -> T {
        let store = try lock.withLock { idle.popLast() } ?? SQLiteStore.openReader(path: path)
        defer { lock.withLock { idle.append(store) } }
        return try body(store)
    }
}
