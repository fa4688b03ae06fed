/// A cell's place in a sheet, `B12`: column 1 (0-based), row 12 (1-based, as Excel numbers rows).
public struct CellReference: Sendable, Equatable {
    public let column: Int
    public let row: Int

    public init(column: Int, row: Int) {
        self.column = column
        self.row = row
    }

    /// `A1`, `AB12`, `$C$3`; nil for anything else. Columns stop at XFD (16384), as Excel's do.
    public init?(_ text: some StringProtocol) {
        var column = 0, row = 0, letters = 0, digits = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "$"): continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
                guard digits == 0, letters < 3 else { return nil }
                column = column * 26 + Int((byte & 0xDF) - UInt8(ascii: "A")) + 1
                letters += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard letters > 0, digits < 7 else { return nil }
                row = row * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            default: return nil
            }
        }
        guard letters > 0, column <= 16_384 else { return nil }
        // A reference without a row (`C`) is a whole column; only ranges use it.
        self.column = column - 1
        self.row = digits == 0 ? 0 : row
    }

    /// The column's letters: 0 -> A, 26 -> AA.
    public static func letters(_ column: Int) -> String {
        var number = column + 1, scalars: [Character] = []
        while number > 0 {
            let remainder = (number - 1) % 26
            scalars.insert(Character(Unicode.Scalar(UInt8(ascii: "A") + UInt8(remainder))), at: 0)
            number = (number - 1) / 26
        }
        return String(scalars)
    }

    public var text: String { Self.letters(column) + String(row) }
}

/// A rectangle of cells, `A1:C2` (a merged range).
public struct CellRange: Sendable, Equatable {
    public let first: CellReference
    public let last: CellReference

    public init(first: CellReference, last: CellReference) {
        self.first = first
        self.last = last
    }

    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard let first = parts.first.flatMap({ CellReference($0) }) else { return nil }
        guard parts.count <= 2, let last = parts.count == 2 ? CellReference(parts[1]) : first else { return nil }
        self.first = CellReference(column: min(first.column, last.column), row: min(first.row, last.row))
        self.last = CellReference(column: max(first.column, last.column), row: max(first.row, last.row))
    }

    public func contains(row: Int) -> Bool { (first.row...last.row).contains(row) }
}
