import Connectors
import Foundation
import HubCore
import MappingSuggestions
import Workspace

/// Reads a described source's first rows: what `connector add` samples and what `serve` injects into
/// the console's "测试连接" of a connector not saved yet (Serve opens no source itself).
enum SourceInspecting {
    /// The console's reader: a password is resolved from its variable or file with the server's environment.
    static func reader(environment: [String: String]) -> SourceInspection.Reader {
        { source, path, limit in
            var password: String?
            if case let .postgres(_, name?, _) = source.location {
                let reference: SecretReference? = switch (name.environment, name.file) {
                case let (variable?, file?): .environmentOrFile(variable, file)
                case let (variable?, nil): .environment(variable)
                case let (nil, file?): .file(file)
                case (nil, nil): nil
                }
                password = try reference?.resolve(environment: environment, origin: "the new connector's password")
            }
            return try inspect(source, path: path, password: password, limit: limit)
        }
    }

    /// `path`: the CSV or SQLite file to open; `password`: a PostgreSQL password (never written anywhere).
    static func inspect(_ source: SourceDescription, path: String?, password: String?, limit: Int) throws -> SourceInspection {
        func selection(_ selection: SourceDescription.Selection) -> SQLiteSource.Selection {
            switch selection {
            case let .table(table): .table(table)
            case let .query(query): .query(query)
            }
        }
        func rows(_ source: inout RecordSource) throws -> [SourceRow] {
            var rows: [SourceRow] = []
            while rows.count < limit, let row = try source.next() { rows.append(row) }
            return rows
        }
        switch source.location {
        case let .csv(_, encoding, delimiter):
            guard let path else { throw HubError.usage("a CSV source needs its file", fix: "give the file's path") }
            let sniffed = try CSVDialect.sniff(file: path)
            let dialect = CSVDialect(encoding: encoding ?? sniffed.encoding, delimiter: delimiter ?? sniffed.delimiter)
            var reader: RecordSource = try CSVFileSource(path: path, delimiter: dialect.delimiter.asciiValue ?? UInt8(ascii: ","), encoding: dialect.encoding)
            let read = try rows(&reader)
            return SourceInspection(header: reader.header, rows: read, detectedEncoding: sniffed.encoding, detectedDelimiter: sniffed.delimiter,
                                    encoding: dialect.encoding, delimiter: dialect.delimiter)
        case let .xlsx(_, sheet, headerRow):
            guard let path else { throw HubError.usage("a workbook source needs its file", fix: "give the file's path") }
            var reader: RecordSource = try XLSXSource(path: path, sheet: sheet, headerRow: headerRow)
            let read = try rows(&reader)
            return SourceInspection(header: reader.header, rows: read)
        case let .sqlite(_, chosen):
            guard let path, FileManager.default.fileExists(atPath: path) else {
                throw HubError.usage("no SQLite database at \(path ?? "")", fix: "check the path (absolute, or relative to the current folder)")
            }
            var reader: RecordSource = try SQLiteSource(path: path, selection: selection(chosen))
            let read = try rows(&reader)
            return SourceInspection(header: reader.header, rows: read)
        case let .postgres(parameters, _, chosen):
            var reader: RecordSource = try PostgresSource(connection: parameters.map { ($0.key, $0.value) } + (password.map { [("password", $0)] } ?? []),
                                                          origin: "connector add", selection: selection(chosen))
            let read = try rows(&reader)
            return SourceInspection(header: reader.header, rows: read)
        }
    }
}
