import Foundation
import HubCore

/// A workspace file the configuration API may read and save: a `.json` file directly inside
/// connectors/, mappings/ or standards/, or one of the standards' CSV files (a code table
/// `standards/codes/NAME.csv`, the variant list `standards/variants.csv`), named by its
/// workspace-relative path. Anything else (`..`, absolute paths, hidden files, other folders,
/// other subfolders, backslashes, control characters) is not a `ConfigPath`, so it never reaches
/// the file system.
public struct ConfigPath: Sendable, Hashable, CustomStringConvertible {
    public static let folders = ["connectors", "mappings", "standards"]
    /// The folder of the code tables' CSV files.
    public static let codeTables = "standards/codes"
    public static let variants = "standards/variants.csv"

    /// e.g. `mappings/jw.students.json`
    public let relative: String

    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if text == Self.variants {
            relative = text
            return
        }
        let csv = parts.count == 3 && parts[0] + "/" + parts[1] == Self.codeTables
        guard csv || (parts.count == 2 && Self.folders.contains(parts[0])), let name = parts.last else { return nil }
        let suffix = csv ? ".csv" : ".json"
        guard name.hasSuffix(suffix), name.count > suffix.count, name.count <= 128, !name.hasPrefix("."),
              name.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F && $0 != "\\" && $0 != ":" })
        else { return nil }
        relative = text
    }

    /// A CSV file (saved as the text sent, checked as the loader reads it), not a JSON document.
    public var isCSV: Bool { relative.hasSuffix(".csv") }

    public var description: String { relative }

    /// The folder in the workspace's `.history/` that keeps this file's previous versions.
    public var historyFolder: String { ".history/" + relative }
}

/// A previous version of a file, kept under `.history/<path>/` as `<UTC time>-<etag>.json`;
/// names sort by time. The version's id is its file name without `.json`.
public struct ConfigVersion: Sendable, Equatable {
    /// `20261204T051503123Z` (UTC, milliseconds).
    public let time: String
    /// The SHA-256 (hex) of the version's bytes.
    public let etag: String

    public init(time: String, etag: String) {
        self.time = time
        self.etag = etag
    }

    /// A file name of the history folder, or nil for anything else (so a version id from a
    /// request can name no other file).
    public init?(fileName: String) {
        guard fileName.hasSuffix(".json") else { return nil }
        self.init(id: String(fileName.dropLast(".json".count)))
    }

    public init?(id: String) {
        let parts = id.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 19, parts[1].count == 64,
              parts[0].allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "T" || $0 == "Z") }),
              parts[1].allSatisfy({ $0.isASCII && $0.isHexDigit && !$0.isUppercase })
        else { return nil }
        time = String(parts[0])
        etag = String(parts[1])
    }

    public var id: String { "\(time)-\(etag)" }
    public var fileName: String { id + ".json" }

    /// The instant 2026-12-04T05:15:03.123Z as `20261204T051503123Z`.
    public static func time(at instant: Date) -> String {
        let milliseconds = Int((instant.timeIntervalSince1970 * 1000).rounded(.down)) % 1000
        let seconds = Timestamp.iso8601(instant).filter { $0.isASCII && ($0.isNumber || $0 == "T") }
        return seconds + String(String(milliseconds + 1000).dropFirst()) + "Z"
    }

    /// When the version was replaced, as ISO 8601 (`2026-12-04T05:15:03.123Z`).
    public var iso8601: String {
        let t = Array(time)
        return String(t[0..<4]) + "-" + String(t[4..<6]) + "-" + String(t[6..<8]) + "T" + String(t[9..<11]) + ":" + String(t[11..<13]) + ":"
            + String(t[13..<15]) + "." + String(t[15..<18]) + "Z"
    }
}
