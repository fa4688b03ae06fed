import HubCore
import Standards

/// Loads `standards/cleaning.json`: the cleaning the hub does on its own. The
/// file is optional; without it the default null markers apply, variant
/// characters are not folded, and the other parts are on.
struct CleaningLoader {
    let files: WorkspaceFiles

    static let file = "standards/cleaning.json"

    func load() -> CleaningPolicy {
        guard files.exists(Self.file) else { return CleaningPolicy() }
        guard let root = files.json(Self.file, missingFix: "restore the file, or delete it for the defaults"),
              root.isObject(fix: "write {\"nullMarkers\": [...], \"variantFolding\": \"variants.csv\", ...}") else { return CleaningPolicy() }
        root.allowOnly(["note", "nullMarkers", "variantFolding", "exportedDates", "mobilePrefixes", "nameDots"])
        return CleaningPolicy(nullMarkers: root.nullMarkers() ?? .defaults, folding: folding(root),
                              exportedDates: root.bool("exportedDates", default: true),
                              mobilePrefixes: root.bool("mobilePrefixes", default: true),
                              nameDots: root.bool("nameDots", default: true))
    }

    /// `"variantFolding": "variants.csv"` (a file in standards/), or `false`.
    private func folding(_ root: ConfigNode) -> VariantFolding? {
        guard let node = root["variantFolding"], node.value != .bool(false) else { return nil }
        guard let name = root.string("variantFolding", fix: "name the folding table in standards/, e.g. \"variants.csv\", or write false") else { return nil }
        let path = "standards/\(name)"
        guard let bytes = files.bytes(path, missingFix: "restore the file (Tests/Cleaning/variants.py writes it), or write \"variantFolding\": false in \(Self.file)")
        else { return nil }
        return VariantTableCSV.folding(bytes, file: path, problems: files.problems)
    }
}

/// Reads a folding table: header `variant,standard`, one character each.
enum VariantTableCSV {
    static func folding(_ bytes: [UInt8], file: String, problems: ProblemList) -> VariantFolding? {
        var reader = CSVReader(bytes: bytes)
        var table: [Unicode.Scalar: Unicode.Scalar] = [:]
        do {
            guard let header = try reader.next(), header.fields.map({ String(decoding: $0, as: UTF8.self) }).prefix(2) == ["variant", "standard"] else {
                problems.add(file, "line 1", "the header must be variant,standard", fix: "make the first line exactly variant,standard")
                return nil
            }
            while let record = try reader.next() {
                let scalars = record.fields.prefix(2).map { String(decoding: $0, as: UTF8.self).unicodeScalars }
                guard scalars.count == 2, scalars[0].count == 1, scalars[1].count == 1, let variant = scalars[0].first, let standard = scalars[1].first else {
                    problems.add(file, "line \(record.line)", "a row needs one variant character and one standard character",
                                 fix: "write e.g. 漢,汉, or delete the line")
                    continue
                }
                guard table[variant] == nil else {
                    problems.add(file, "line \(record.line)", "the variant character appears twice", fix: "keep one row per variant")
                    continue
                }
                table[variant] = standard
            }
        } catch {
            problems.add(file, "", "invalid CSV: \(error)", fix: "close the quoted field")
            return nil
        }
        return VariantFolding(table)
    }
}
