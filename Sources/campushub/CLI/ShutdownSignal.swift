import Glibc

/// SIGTERM and SIGINT, taken synchronously: block them before any thread starts (threads
/// inherit the mask), then `wait()` returns when one arrives.
enum ShutdownSignal {
    static func block() {
        var set = signals()
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Blocks until SIGTERM or SIGINT; returns its name.
    static func wait() -> String {
        var set = signals()
        var received: Int32 = 0
        sigwait(&set, &received)
        return received == SIGTERM ? "SIGTERM" : "SIGINT"
    }

    private static func signals() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        return set
    }
}
