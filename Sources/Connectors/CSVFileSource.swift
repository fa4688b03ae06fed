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

    /// `encoding`: utf-8 (the default), gb18030 or gbk.
    public init(path: String, delimiter: UInt8 = UInt8(ascii: ","), encoding: String = "utf-8") throws(HubError) {
        guard let iconvName = Transcoder.iconvName(encoding) else {
            throw HubError.config("unknown encoding \(encoding)", fix: "declare utf-8, gb18030 or gbk")
        }
        do {
            transcoder = iconvName == "UTF-8" ? nil : try Transcoder(from: iconvName)
        } catch {
            throw HubError.config("the encoding \(iconvName) is not available on this system", fix: "use utf-8, gb18030 or gbk")
        }
        guard let file = FileHandle(forReadingAtPath: path) else {
            throw HubError.temporary("cannot open the CSV file \(path)",
                                     fix: "check that the export has been delivered to that path and is readable")
        }
        self.file = file
        self.path = path
        reader = CSVReader(delimiter: delimiter, byteOrderMarks: [[0xEF, 0xBB, 0xBF], [0x84, 0x31, 0x95, 0x33]]) {
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
        return SourceRow(number: record.line, values: values, undecodableColumns: undecodable)
    }

    private static func decode(_ bytes: [UInt8], with transcoder: Transcoder?) -> String? {
        if let transcoder { return transcoder.decode(bytes) }
        return String(validating: bytes, as: UTF8.self)
    }
}
