import Foundation
import Glibc
import Store

/// Read-only store connections for the server's threads: a request borrows one and
/// gives it back. SQLite connections are not shared between threads at once.
final class ReaderPool: @unchecked Sendable {
    private let location: StoreLocation
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var idle: [any HubStore] = []
    /// The connection each thread inside `reading` holds, by thread. Guarded by `lock`.
    private var held: [pthread_t: any HubStore] = [:]

    init(location: StoreLocation) {
        self.location = location
    }

    /// A connection for `body`: the one this thread holds inside `reading`, else an idle one.
    func with<T>(_ body: (any HubStore) throws -> T) throws -> T {
        let thread = pthread_self()
        let taken: (own: (any HubStore)?, idle: (any HubStore)?) = lock.withLock {
            if let own = held[thread] { return (own, nil) }
            return (nil, idle.popLast())
        }
        if let own = taken.own { return try body(own) }
        let store = try taken.idle ?? location.openReader()
        defer { lock.withLock { self.idle.append(store) } }
        return try body(store)
    }

    /// Runs `body` with every `with` of this thread on one connection, in one read transaction: one
    /// snapshot for the request's reads (its token, record and pending write-backs agree), and one look
    /// at the log for what other connections committed instead of one a read. Nested calls join it.
    func reading<T>(_ body: () throws -> T) throws -> T {
        let thread = pthread_self()
        if lock.withLock({ held[thread] != nil }) { return try body() }
        let store = try lock.withLock { idle.popLast() } ?? location.openReader()
        lock.withLock { held[thread] = store }
        defer {
            lock.withLock {
                held[thread] = nil
                idle.append(store)
            }
        }
        return try store.inOneReadTransaction(body)
    }
}
