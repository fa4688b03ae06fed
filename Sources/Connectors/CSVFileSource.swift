import Foundation
import HubCore

/// Rows of a CSV file with a header row, read in 64 KiB chunks. Undecodable
/// bytes become U+FFFD, which the normaliser quarantines with the row number.
public final class CSVFileSource: RecordSource {
    public let header: SourceHeader
    private let file: FileHandle
    private var reader: CSVReader
    private let path: String

    public init(path: String, delimiter: UInt8 = UInt8(ascii: ",")) throws(HubError) {
        guard let file = FileHandle(forReadingAtPath: path) else {
            throw HubError.temporary("cannot open the CSV file \(path)",
                                     fix: "check that the export has been delivered to that path and is readable")
        }
        self.file = file
        self.path = path
        reader = CSVReader(delimiter: delimiter) { try file.read(upToCount: 65_536).map { [UInt8]($0) } }
        do {
            guard let first = try reader.next() else {
                throw HubError.data("the CSV file \(path) is empty; a header row is expected", fix: "check the export")
            }
            header = SourceHeader(first.fields.map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) })
        } catch let error as HubError {
            throw error
        } catch {
            throw HubError.data("\(path): \(error)", fix: "repair the CSV export")
        }
    }

    deinit { try? file.close() }

    public func next() throws -> SourceRow? {
        do {
            guard let record = try reader.next() else { return nil }
            return SourceRow(number: record.line, values: record.fields.map { String(decoding: $0, as: UTF8.self) })
        } catch let error as CSVReader.SyntaxError {
            throw HubError.data("\(path): \(error)", fix: "repair the CSV export (a quote is not closed)")
        }
    }
}
