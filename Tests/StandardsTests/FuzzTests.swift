import HubCore
import Testing
@testable import Standards

/// No input crashes the engine — random bytes, invalid UTF-8, NULs, huge fields — and what it
/// accepts keeps its properties: normal forms are fixed points, parsers read back what writers write.
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

    /// Whatever a normaliser accepts fits its element and is already normal: fed back in, it comes out
    /// unchanged and without a note (a second sync of the hub's own output must not change it).
    @Test func randomValuesThroughEveryNormaliser() {
        var rng = SplitMix64(seed: 20_261_129)
        let normalizer = ElementNormalizer(catalogue: CatalogueFixture.catalogue, today: CalendarDate(year: 2026, month: 11, day: 29))
        let record = RecordNormalizer(catalogue: CatalogueFixture.catalogue)
        var accepted = 0
        for _ in 0..<20_000 {
            let value = String(decoding: Self.randomBytes(&rng), as: UTF8.self)
            for element in CatalogueFixture.elements {
                let documentType = rng.below(3) == 0 ? "A" : nil
                switch normalizer.normalize(value, element: element, documentType: documentType, nullMarkers: .defaults) {
                case let .value(normalized), let .cleaned(normalized?, _):
                    accepted += 1
                    #expect(normalized.count <= element.maxLength)
                    let again = normalizer.normalize(normalized, element: element, documentType: documentType, nullMarkers: .defaults)
                    #expect(again == .value(normalized), "\(element.code): \(Array(value.utf8)) -> \(normalized) -> \(again)")
                case .missing, .issue, .cleaned(nil, _): break
                }
            }
            // A date the parsers find is a real day, and its canonical form reads back as the same day.
            if let date = DateParsing.date(value) {
                #expect(CalendarDate(year: date.year, month: date.month, day: date.day) == date)
                #expect(DateParsing.date(date.compact) == date)
            }
            if let ym = DateParsing.yearMonth(value) {
                #expect((1...12).contains(ym.month))
                #expect(DateParsing.yearMonth(CalendarDate.compactYearMonth(ym.year, ym.month)).map { [$0.year, $0.month] } == [ym.year, ym.month])
            }
            _ = ExportedDates.date(value, timeZone: .standard)
            _ = ExportedDates.instantDay(value, timeZone: .standard)
            _ = IdentityNumber.parse(value)
            _ = ValueRules.dateRange(value)
            _ = record.normalize([("XH", value), ("XM", value), ("SFZJH", value), ("CSRQ", value), ("XBM", value)], entity: CatalogueFixture.student)
        }
        // The fragments are meant to reach past the first check: some values must get through.
        #expect(accepted > 1_000)
    }

    /// The JSON parser reads back every string the writer makes, and whatever it parses the writer
    /// writes so that it parses to the same value. The CSV reader gives the same records (or the same
    /// error) however its input is cut into chunks, and reads back every field quoted as RFC 4180 says.
    @Test func randomBytesThroughTheParsers() throws {
        var rng = SplitMix64(seed: 42)
        var parsed = 0
        for _ in 0..<5_000 {
            let bytes = Self.randomBytes(&rng) + Self.randomBytes(&rng)
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(try JSONParser.parse(JSONWriter.quoted(text)) == .string(text))
            if let value = try? JSONParser.parse(bytes) {
                parsed += 1
                var writer = JSONWriter()
                writer.value(value)
                #expect(try JSONParser.parse(writer.text) == value)
            }

            #expect(Self.readAll(bytes, chunk: nil) == Self.readAll(bytes, chunk: 1 + rng.below(7)))

            let rows = (0..<1 + rng.below(4)).map { _ in (0..<1 + rng.below(4)).map { _ in Self.randomBytes(&rng) } }
            var file: [UInt8] = []
            for row in rows {
                file += row.map { field in [0x22] + field.flatMap { $0 == 0x22 ? [0x22, 0x22] : [$0] } + [0x22] }.joined(separator: [0x2C]) + [0x0A]
            }
            #expect(Self.readAll(file, chunk: 1 + rng.below(7)) == ReadResult(records: rows))
        }
        #expect(parsed > 0)
    }

    struct ReadResult: Equatable {
        var records: [[[UInt8]]] = []
        var error: String?
    }

    /// Every record's fields and the syntax error that stopped the reader, if one did; `chunk` cuts the
    /// input into pieces of that many bytes.
    static func readAll(_ bytes: [UInt8], chunk: Int?) -> ReadResult {
        var reader: CSVReader
        if let chunk {
            var offset = 0
            reader = CSVReader {
                guard offset < bytes.count else { return nil }
                defer { offset += chunk }
                return Array(bytes[offset..<min(offset + chunk, bytes.count)])
            }
        } else {
            reader = CSVReader(bytes: bytes)
        }
        var result = ReadResult()
        do {
            while let record = try reader.next() { result.records.append(record.fields) }
        } catch {
            result.error = "\(error)"
        }
        return result
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
