import Archiving
import Testing

/// 档号 per DA/T 13: the parts in the college's order, the serial zero-padded, and patterns that
/// could give two cases one number refused.
@Suite struct ArchiveNumberPatternTests {
    let group = ArchiveNumberPattern.Group(fonds: "J045", category: "WS", year: 2026, retention: "D30", unit: "JWC")

    @Test func theStandardsOrder() throws {
        let pattern = try ArchiveNumberPattern.parse("{fonds}-{category}·{year}-{retention}-{unit}-{serial}", serialDigits: 4).get()
        #expect(pattern.number(group, serial: 7) == "J045-WS·2026-D30-JWC-0007")
        #expect(pattern.number(group, serial: 12345) == "J045-WS·2026-D30-JWC-12345")
        #expect(pattern.groupKey(group) == "J045-WS·2026-D30-JWC-#")
    }

    @Test func anotherOrder() throws {
        let pattern = try ArchiveNumberPattern.parse("{year}/{fonds}/{serial}", serialDigits: 6).get()
        #expect(pattern.number(group, serial: 42) == "2026/J045/000042")
    }

    @Test(arguments: [
        ("{fonds}-{year}", ArchiveNumberPattern.PatternProblem.missing("serial")),
        ("{fonds}-{serial}", .missing("year")),
        ("{year}-{serial}", .missing("fonds")),
        ("{fonds}-{year}-{serial}-{serial}", .twice("serial")),
        ("{fonds}-{year}-{volume}-{serial}", .unknownPart("volume")),
        ("{fonds}-{year-{serial}", .unknownPart("year-{serial")),
        ("{fonds}-{year}-{serial", .unclosed),
    ])
    func patternsThatCouldCollideAreRefused(pattern: String, problem: ArchiveNumberPattern.PatternProblem) {
        guard case let .failure(found) = ArchiveNumberPattern.parse(pattern, serialDigits: 4) else {
            Issue.record("\(pattern) was accepted")
            return
        }
        #expect(found == problem)
    }
}
