import Foundation
import Synchronization

/// A clock the test moves by hand: inject `now` where the code under test asks the time
/// (backoff, leases, expiry, refusal windows) and `advance` it instead of sleeping.
public final class TestClock: Sendable {
    private let current: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_795_917_600)) {
        current = Mutex(start)
    }

    public var now: @Sendable () -> Date { { [self] in current.withLock { $0 } } }
    public func advance(_ seconds: Double) { current.withLock { $0 += seconds } }
}
