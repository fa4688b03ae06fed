import HubCore
import Testing
@testable import Standards

/// No input crashes the engine: random bytes, invalid UTF-8, NULs, huge fields.
@Suite struct FuzzTests {
    /// Fragments real exports are made of, to reach deeper than pure noise.
    static let pieces: [[UInt8]] = ["2005", "-", "年", "月", "日", "x", "X", "Ｘ", "１", "\u{3000}", "·", "•", "E+17", ".", "0", "9", "男", "汉族",
                                    "+86", "@", " ", "\"", ",", "\n", "十", "〇", "长期", "至",
                                    "-MAY-", "5月", "T", "Z", "+08:00", ":", "NULL", "无", "漢族", "．"].map { Array($0.utf8) }

    static func randomBytes(_ rng: inout SplitMix64) -> [UInt8] {
        var bytes: [UInt8] = []
        for _ in 0..<rng.below(24) {
            switch rng.below(4) {
            case 0: bytes.append(UInt8(truncatingIfNeeded: rng.next()))
            case 1: bytes.append(UInt8(rng.below(10)) + 0x30)
            default: bytes += pieces[rng.below(pieces.count)]
            }
        }
        return bytes
    }

    @Test func randomValuesThroughEveryNormaliser() {
        var rng = SplitMix64(seed: 20_261_129)
        let normalizer = ElementNormalizer(catalogue: CatalogueFixture.catalogue, today: CalendarDate(year: 2026, month: 11, day: 29))
        let record = RecordNormalizer(catalogue: CatalogueFixture.catalogue)
        var outcomes = 0
        for _ in 0..<20_000 {
            let value = String(decoding: Self.randomBytes(&rng), as: UTF8.self)
            for element in CatalogueFixture.elements {
                switch normalizer.normalize(value, element: element, documentType: rng.below(3) == 0 ? "A" : nil, nullMarkers: .defaults) {
                case let .value(normalized), let .cleaned(normalized?, _): #expect(normalized.count <= element.maxLength)
                case .missing, .issue, .cleaned(nil, _): break
                }
                outcomes += 1
            }
            _ = DateParsing.date(value)
            _ = DateParsing.yearMonth(value)
            _ = ExportedDates.date(value, timeZone: .standard)
            _ = ExportedDates.instantDay(value, timeZone: .standard)
            _ = IdentityNumber.parse(value)
            _ = ValueRules.dateRange(value)
            _ = record.normalize([("XH", value), ("XM", value), ("SFZJH", value), ("CSRQ", value), ("XBM", value)], entity: CatalogueFixture.student)
        }
        #expect(outcomes == 20_000 * CatalogueFixture.elements.count)
    }

    @Test func randomBytesThroughTheParsers() {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<5_000 {
            let bytes = Self.randomBytes(&rng) + Self.randomBytes(&rng)
            _ = try? JSONParser.parse(bytes)
            var reader = CSVReader(bytes: bytes)
            while let record = try? reader.next() { _ = record }
        }
    }

    @Test func nulBytesAndAMegabyteFieldAreHandled() {
        let normalizer = ElementNormalizer(catalogue: CatalogueFixture.catalogue)
        let huge = String(repeating: "王", count: 1_000_000)
        for element in CatalogueFixture.elements {
            switch normalizer.normalize(huge, element: element) {
            case .value, .cleaned: Issue.record("\(element.code) accepted a 1 MB value")
            case .missing, .issue: break
            }
            if case let .value(v) = normalizer.normalize("\u{0}2005\u{0}0315\u{0}", element: element) {
                #expect(!v.contains("\u{0}"))
            }
        }
        #expect(normalizer.normalize("\u{0}王\u{0}芳", element: CatalogueFixture.element("XM")) == .value("王芳"))
        #expect(IdentityNumber.parse(String(repeating: "1", count: 1_000_000)) == .failure(.malformed))
    }
}
