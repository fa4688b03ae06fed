/// A cursor over the UTF-8 of a date for the fast paths of `DateParsing`:
/// ASCII digit runs and the separators the general reader accepts. A step
/// that meets anything else fails, and the caller leaves the text to the
/// general reader, so the fast paths never decide differently from it.
struct DateBytes {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private static let year: [UInt8] = Array("年".utf8)
    private static let month: [UInt8] = Array("月".utf8)
    private static let day: [UInt8] = Array("日".utf8)

    var atEnd: Bool { position == bytes.count }

    /// The whole run of ASCII digits here, when its length is in `widths`.
    mutating func number(widths: ClosedRange<Int>) -> Int? {
        var value = 0, count = 0
        while position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 {
            value = value &* 10 &+ Int(bytes[position] - 48)
            count += 1
            position += 1
        }
        return widths.contains(count) ? value : nil
    }

    /// One of `-`, `/`, `.`, `年`, `月`.
    mutating func separator() -> Bool {
        if position < bytes.count, [45, 47, 46].contains(bytes[position]) {
            position += 1
            return true
        }
        return skip(Self.year) || skip(Self.month)
    }

    mutating func skipMonthMark() -> Bool { skip(Self.month) }

    mutating func skipDayMark() -> Bool { skip(Self.day) }

    /// The end, or a space or `T` that starts a time and is a character of
    /// its own (followed by the end or by ASCII).
    var atTimeOrEnd: Bool {
        guard position < bytes.count else { return true }
        guard bytes[position] == 32 || bytes[position] == 84 else { return false }
        return position + 1 == bytes.count || bytes[position + 1] < 0x80
    }

    private mutating func skip(_ literal: [UInt8]) -> Bool {
        guard bytes.count - position >= literal.count, bytes[position..<(position + literal.count)].elementsEqual(literal) else { return false }
        position += literal.count
        return true
    }
}
