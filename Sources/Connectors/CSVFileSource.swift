import Foundation
import HubCore
import TextEncoding

/// Rows of a CSV file with a header row, read in 64 KiB chunks. Fields are
/// decoded from the declared encoding one row at a time: a row with bytes
/// that do not decode is flagged (and quarantined), not the file.
public final class CSVFileSource: RecordSource {
    public let header: SourceHeader
    private let file: FileHandle
    private var reader: CSVReader
    private let path: String
    private let transcoder: Transcoder?
    private let maxFieldBytes: Int

    /// `encoding`: utf-8 (the default), gb18030 or gbk. `maxFieldBytes`: a longer field (a quote that
    /// never closes) quarantines its row, and reading goes on at the next line.
    public init(path: String, delimiter: UInt8 = UInt8(ascii: ","), encoding: String = "utf-8",
                maxFieldBytes: Int = CSVReader.defaultMaxFieldBytes) throws(HubError) {
        transcoder = try Self.transcoder(for: encoding)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw HubError.config("\(path) is a folder, not a CSV file", fix: "name the export file itself, e.g. \(path)/students.csv")
        }
        guard let file = FileHandle(forReadingAtPath: path) else {
            throw HubError.temporary("cannot open the CSV file \(path)",
                                     fix: "check that the export has been delivered to that path and is readable")
        }
        self.file = file
        self.path = path
        self.maxFieldBytes = maxFieldBytes
        reader = CSVReader(delimiter: delimiter, byteOrderMarks: [[0xEF, 0xBB, 0xBF], [0x84, 0x31, 0x95, 0x33]], maxFieldBytes: maxFieldBytes) {
            try file.read(upToCount: 65_536).map { [UInt8]($0) }
        }
        let first: CSVReader.Record?
        do {
            first = try reader.next()
        } catch {
            throw HubError.data("\(path): \(error)", fix: "repair the CSV export")
        }
        guard let first else {
            throw HubError.data("the CSV file \(path) is empty; a header row is expected", fix: "check the export")
        }
        guard first.oversized == nil else {
            throw HubError.data("\(path) line 1: a header field is longer than \(Self.size(maxFieldBytes))", fix: "check the header row's quotes and delimiter")
        }
        var columns: [String] = []
        for field in first.fields {
            guard let name = Self.decode(field, with: transcoder) else {
                throw HubError.config("\(path): the header row is not valid \(encoding)",
                                      fix: "declare the file's real encoding in the connector (utf-8, gb18030 or gbk)")
            }
            columns.append(name.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        header = SourceHeader(columns)
    }

    deinit { try? file.close() }

    public func next() throws -> SourceRow? {
        let record: CSVReader.Record?
        do {
            record = try reader.next()
        } catch {
            throw HubError.data("\(path): \(error)", fix: "repair the CSV export (a quote is not closed)")
        }
        guard let record else { return nil }
        var values: [String?] = []
        var undecodable: [Int] = []
        values.reserveCapacity(record.fields.count)
        for (index, field) in record.fields.enumerated() {
            if let text = Self.decode(field, with: transcoder) {
                values.append(text)
            } else {
                undecodable.append(index)
                values.append(String(decoding: field, as: UTF8.self))
            }
        }
        return SourceRow(number: record.line, values: values, undecodableColumns: undecodable, readIssue: record.oversized.map { issue($0, line: record.line) })
    }

    /// The quarantine reason for a field over the cap: where it is and what to do, never its bytes.
    private func issue(_ oversized: CSVReader.Oversized, line: Int) -> FieldIssue {
        let column = oversized.column < header.columns.count ? header.columns[oversized.column] : "#\(oversized.column + 1)"
        return FieldIssue(element: "*", rule: "field-size",
                          reason: "\(path) line \(line): the field in column \(column) is longer than \(Self.size(maxFieldBytes)) "
                              + "(a quote that never closes?); it was skipped and reading went on at line \(oversized.resumedAtLine); "
                              + "close or double the quote (\"\") in that line of the export",
                          value: nil)
    }

    private static func size(_ bytes: Int) -> String {
        bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }

    /// The decoder of a declared encoding (utf-8, gb18030, gbk), nil for UTF-8, which needs none.
    static func transcoder(for encoding: String, origin: String? = nil) throws(HubError) -> Transcoder? {
        let prefix = origin.map { "\($0): " } ?? ""
        guard let iconvName = Transcoder.iconvName(encoding) else {
            throw HubError.config(prefix + "unknown encoding \(encoding)", fix: "declare utf-8, gb18030 or gbk")
        }
        do {
            return iconvName == "UTF-8" ? nil : try Transcoder(from: iconvName)
        } catch {
            throw HubError.config(prefix + "the encoding \(iconvName) is not available on this system", fix: "use utf-8, gb18030 or gbk")
        }
    }

    static func decode(_ bytes: [UInt8], with transcoder: Transcoder?) -> String? {
        if let transcoder { return transcoder.decode(bytes) }
        return String(validating: bytes, as: UTF8.self)
    }
}
