/// How archive numbers (档号) are written: DA/T 13-2022's structure 全宗号-档案门类代码·年度-
/// 保管期限代码-机构（问题）代码-件号, as a pattern of named parts the college may rearrange or
/// separate differently (`standards/archiving.json` "numbering"), e.g.
/// `{fonds}-{category}·{year}-{retention}-{unit}-{serial}` -> `J045-WS·2026-D30-XSC-0007`.
public struct ArchiveNumberPattern: Sendable, Equatable {
    public enum Part: String, Sendable, CaseIterable {
        case fonds, category, year, retention, unit, serial
    }

    public enum Piece: Sendable, Equatable {
        case text(String)
        case part(Part)
    }

    public let pieces: [Piece]
    /// The件号's width, zero-padded (DA/T 13: 件号 written with a fixed number of digits).
    public let serialDigits: Int

    /// nil with the reason when the pattern names an unknown part, misses the year or the serial
    /// (without them two cases could get one number), or names a part twice.
    public static func parse(_ pattern: String, serialDigits: Int) -> Result<ArchiveNumberPattern, PatternProblem> {
        var pieces: [Piece] = []
        var text = ""
        var rest = Substring(pattern)
        while let open = rest.firstIndex(of: "{") {
            text += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { return .failure(.unclosed) }
            let name = String(rest[rest.index(after: open)..<close])
            guard let part = Part(rawValue: name) else { return .failure(.unknownPart(name)) }
            guard !pieces.contains(.part(part)) else { return .failure(.twice(name)) }
            if !text.isEmpty { pieces.append(.text(text)) }
            text = ""
            pieces.append(.part(part))
            rest = rest[rest.index(after: close)...]
        }
        text += rest
        if text.contains("}") { return .failure(.unclosed) }
        if !text.isEmpty { pieces.append(.text(text)) }
        for required in [Part.fonds, .year, .serial] where !pieces.contains(.part(required)) {
            return .failure(.missing(required.rawValue))
        }
        guard (1...8).contains(serialDigits) else { return .failure(.serialDigits) }
        return .success(ArchiveNumberPattern(pieces: pieces, serialDigits: serialDigits))
    }

    public enum PatternProblem: Error, Equatable, CustomStringConvertible {
        case unclosed, unknownPart(String), twice(String), missing(String), serialDigits

        public var description: String {
            switch self {
            case .unclosed: "a { has no closing }"
            case let .unknownPart(name): "{\(name)} is not a part of an archive number (parts: \(Part.allCases.map { "{\($0.rawValue)}" }.joined(separator: ", ")))"
            case let .twice(name): "{\(name)} appears twice"
            case let .missing(name): "the pattern has no {\(name)}: without it two cases could get the same number"
            case .serialDigits: "serialDigits must be from 1 to 8"
            }
        }
    }

    /// The values of every part but the serial: the group one serial sequence counts in.
    public struct Group: Sendable, Hashable {
        public let fonds: String
        public let category: String
        public let year: Int
        public let retention: String
        public let unit: String

        public init(fonds: String, category: String, year: Int, retention: String, unit: String) {
            self.fonds = fonds
            self.category = category
            self.year = year
            self.retention = retention
            self.unit = unit
        }
    }

    /// The number of the `serial`th case of `group`.
    public func number(_ group: Group, serial: Int) -> String { render(group, serial: serialText(serial)) }

    /// The number with "#" for the serial: the key serials are counted under (one sequence per
    /// fonds, category, year, retention and unit, as DA/T 13 numbers 件 within their group).
    public func groupKey(_ group: Group) -> String { render(group, serial: "#") }

    private func render(_ group: Group, serial: String) -> String {
        pieces.map { piece in
            switch piece {
            case let .text(text): text
            case .part(.fonds): group.fonds
            case .part(.category): group.category
            case .part(.year): String(group.year)
            case .part(.retention): group.retention
            case .part(.unit): group.unit
            case .part(.serial): serial
            }
        }.joined()
    }

    private func serialText(_ serial: Int) -> String {
        let digits = String(serial)
        return String(repeating: "0", count: max(0, serialDigits - digits.count)) + digits
    }
}
