import Foundation
import Store

/// Read-only store connections for the server's threads: a request borrows one and
/// gives it back. SQLite connections are not shared between threads at once.
final class ReaderPool: @unchecked Sendable {
    private let location: StoreLocation
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var idle: [SQLStore] = []

    init(location: StoreLocation) {
        self.location = location
    }

    func with<T>(_ body: (SQLStore) throws -> T) throws -> T {
        let store = try lock.withLock { idle.popLast() } ?? SQLStore.openReader(location)
        defer { lock.withLock { idle.append(store) } }
        return try body(store)
    }
}
