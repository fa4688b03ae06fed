import Foundation
import Store

/// Read-only store connections for the server's threads: a request borrows one and
/// gives it back. SQLite connections are not shared between threads at once.
final class ReaderPool: @unchecked Sendable {
    private let location: StoreLocation
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var idle: [any HubStore] = []

    init(location: StoreLocation) {
        self.location = location
    }

    func with<T>(_ body: (any HubStore) throws -> T) throws -> T {
        let store = try lock.withLock { idle.popLast() } ?? location.openReader()
        defer { lock.withLock { idle.append(store) } }
        return try body(store)
    }
}
