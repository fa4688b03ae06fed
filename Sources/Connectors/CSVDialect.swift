import Foundation
import HubCore

/// A CSV export's encoding and delimiter, told from its first bytes (what `campushub connector add` writes
/// into the connector file): UTF-8 when the bytes are valid UTF-8 (or start with its BOM), else GB18030;
/// the delimiter is whichever of `,` tab `;` `|` the header line holds most of.
public struct CSVDialect: Sendable, Equatable {
    public let encoding: String
    public let delimiter: Character

    public init(encoding: String, delimiter: Character) {
        self.encoding = encoding
        self.delimiter = delimiter
    }

    public static func sniff(_ bytes: [UInt8]) -> CSVDialect {
        var head = bytes
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { head.removeFirst(3) }
        let encoding = bytes.starts(with: [0xEF, 0xBB, 0xBF]) || isUTF8(head) ? "utf-8" : "gb18030"
        // `,` tab `;` never occur inside a UTF-8 or GB18030 character; `|` can be a GB18030 trail byte, so it only wins by count.
        let firstLine = head.prefix { $0 != UInt8(ascii: "\n") }
        let candidates: [Character] = [",", "\t", ";", "|"]
        let delimiter = candidates.max { a, b in
            firstLine.count(where: { $0 == a.asciiValue }) < firstLine.count(where: { $0 == b.asciiValue })
        } ?? ","
        return CSVDialect(encoding: encoding, delimiter: firstLine.contains(delimiter.asciiValue ?? 0) ? delimiter : ",")
    }

    /// Whether the bytes decode as UTF-8, allowing a sequence cut off at the end (a sample read in a block).
    static func isUTF8(_ bytes: [UInt8]) -> Bool {
        for cut in 0...min(3, bytes.count) where String(validating: bytes.dropLast(cut), as: UTF8.self) != nil {
            return cut == 0 || bytes[bytes.count - cut] >= 0xC0
        }
        return false
    }

    /// The dialect of the file's first 64 KiB.
    public static func sniff(file path: String) throws(HubError) -> CSVDialect {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw HubError.usage("cannot open the CSV file \(path)", fix: "check the path (absolute, or relative to the current folder)")
        }
        defer { try? handle.close() }
        return sniff(Array((try? handle.read(upToCount: 65_536)) ?? Data()))
    }
}
