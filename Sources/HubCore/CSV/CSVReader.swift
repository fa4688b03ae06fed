/// An RFC 4180 CSV reader over bytes pulled in chunks, so a file of any size
/// streams in bounded memory. Fields come out as raw bytes: decoding (UTF-8,
/// GB18030...) is the caller's, per row, so one bad row does not sink a file.
/// A field is at most `maxFieldBytes` long: a quote that never closes costs its
/// record, not the rest of the file.
public struct CSVReader {
    public struct Record: Sendable, Equatable {
        /// The physical line the record starts on (the header is line 1).
        public let line: Int
        /// With `oversized`, the fields before the one that was cut.
        public let fields: [[UInt8]]
        /// Set when a field outgrew the cap: the record ends there.
        public var oversized: Oversized?
    }

    /// A field longer than the cap (most often a quote that never closes): it and the rest of its
    /// physical line were skipped, and reading went on at `resumedAtLine`.
    public struct Oversized: Sendable, Equatable {
        /// The field's index in its record (0-based).
        public let column: Int
        public let resumedAtLine: Int
    }

    /// 1 MiB: far beyond any real field, small enough that a broken quote does not swallow a file.
    public static let defaultMaxFieldBytes = 1 << 20

    public struct SyntaxError: Error, Equatable, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "line \(line): \(message)" }
    }

    private let delimiter: UInt8
    private let byteOrderMarks: [[UInt8]]
    private let quote = UInt8(ascii: "\"")
    private let nextChunk: () throws -> [UInt8]?
    private let maxFieldBytes: Int
    private var buffer: [UInt8] = []
    private var position = 0
    private var finished = false
    private var line = 1
    private var skippedBOM = false

    /// `nextChunk` returns the next bytes of the input, or nil at the end.
    /// `byteOrderMarks`: the marks skipped at the very start (UTF-8's by default).
    public init(delimiter: UInt8 = UInt8(ascii: ","), byteOrderMarks: [[UInt8]] = [[0xEF, 0xBB, 0xBF]],
                maxFieldBytes: Int = CSVReader.defaultMaxFieldBytes, nextChunk: @escaping () throws -> [UInt8]?) {
        self.delimiter = delimiter
        self.byteOrderMarks = byteOrderMarks
        self.maxFieldBytes = max(1, maxFieldBytes)
        self.nextChunk = nextChunk
    }

    /// A reader over bytes already in memory.
    public init(bytes: [UInt8], delimiter: UInt8 = UInt8(ascii: ",")) {
        var handed = false
        self.init(delimiter: delimiter) {
            defer { handed = true }
            return handed ? nil : bytes
        }
    }

    private mutating func fill() throws -> Bool {
        guard !finished else { return false }
        while true {
            guard let chunk = try nextChunk() else {
                finished = true
                return false
            }
            if chunk.isEmpty { continue }
            if position > 0 {
                buffer.removeFirst(position)
                position = 0
            }
            buffer.append(contentsOf: chunk)
            return true
        }
    }

    private mutating func peek() throws -> UInt8? {
        if !skippedBOM {
            skippedBOM = true
            let longest = byteOrderMarks.map(\.count).max() ?? 0
            while buffer.count < longest, try fill() {}
            if let mark = byteOrderMarks.first(where: { buffer.starts(with: $0) }) { buffer.removeFirst(mark.count) }
        }
        if position >= buffer.count, try !fill() { return nil }
        return buffer[position]
    }

    /// The next record, or nil at the end of the input. Blank lines are skipped.
    public mutating func next() throws -> Record? {
        while true {
            guard let first = try peek() else { return nil }
            if first == 0x0A || first == 0x0D {
                consumeLineEnd(first)
                continue
            }
            break
        }
        let startLine = line
        var fields: [[UInt8]] = []
        var field: [UInt8] = []
        var quoted = false
        var afterQuote = false
        while let byte = try peek() {
            if field.count > maxFieldBytes {
                try skipRestOfLine()
                return Record(line: startLine, fields: fields, oversized: Oversized(column: fields.count, resumedAtLine: line))
            }
            if quoted {
                position += 1
                if byte == quote {
                    if try peek() == quote {
                        position += 1
                        field.append(quote)
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
                continue
            }
            if byte == delimiter {
                position += 1
                fields.append(field)
                field = []
                afterQuote = false
            } else if byte == 0x0A || byte == 0x0D {
                consumeLineEnd(byte)
                fields.append(field)
                return Record(line: startLine, fields: fields)
            } else if byte == quote && field.isEmpty && !afterQuote {
                position += 1
                quoted = true
            } else {
                // Lenient like spreadsheet exports: a stray quote inside an unquoted field is kept.
                position += 1
                field.append(byte)
            }
        }
        if field.count > maxFieldBytes {
            return Record(line: startLine, fields: fields, oversized: Oversized(column: fields.count, resumedAtLine: line))
        }
        if quoted {
            throw SyntaxError(line: startLine, message: "a quoted field is not closed before the end of the file")
        }
        fields.append(field)
        return Record(line: startLine, fields: fields)
    }

    /// Skips to the start of the next physical line, quotes or not (after a field outgrew the cap).
    private mutating func skipRestOfLine() throws {
        while let byte = try peek() {
            if byte == 0x0A || byte == 0x0D {
                consumeLineEnd(byte)
                return
            }
            position += 1
        }
    }

    private mutating func consumeLineEnd(_ byte: UInt8) {
        position += 1
        line += 1
        if byte == 0x0D, (try? peek()) == 0x0A { position += 1 }
    }
}
