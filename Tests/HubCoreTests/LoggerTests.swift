import Foundation
import Synchronization
import Testing
@testable import HubCore

@Suite struct LoggerTests {
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
    }

    func logger(_ lines: Lines, level: Logger.Level = .info) -> Logger {
        Logger(component: "sync", minimumLevel: level, clock: { Date(timeIntervalSince1970: 1_795_917_601) }, sink: { line in lines.lines.withLock { $0.append(line) } })
    }

    @Test func aMessageBelowTheLevelIsNeverBuilt() {
        let lines = Lines()
        var built = 0
        func expensive() -> String {
            built += 1
            return "page 3"
        }
        let log = logger(lines)
        log.debug(expensive(), ["run": "41"])
        #expect(built == 0)
        #expect(lines.all.isEmpty)
        log.info(expensive())
        #expect(built == 1)
        #expect(lines.all == ["2026-11-29T02:00:01Z info sync: page 3"])
    }

    @Test func oneEventIsOneLineWhateverTheValues() {
        let lines = Lines()
        logger(lines).error("commit failed\nfix: retry", ["stream": "jw.students", "error": "line 1\nline 2 \"quoted\"\r\tend\u{1}", "path": "/tmp/a b", "empty": ""])
        #expect(lines.all == [#"2026-11-29T02:00:01Z error sync stream=jw.students error="line 1\nline 2 \"quoted\"\r\tend\u{01}" path="/tmp/a b" empty="": commit failed\nfix: retry"#])
        #expect(lines.all.allSatisfy { !$0.contains("\n") && !$0.contains("\r") })
    }

    @Test func plainValuesStayBare() {
        let lines = Lines()
        logger(lines).info("ok", ["run": "41", "stream": "jw.students", "seconds": "0.25"])
        #expect(lines.all == ["2026-11-29T02:00:01Z info sync run=41 stream=jw.students seconds=0.25: ok"])
    }
}
