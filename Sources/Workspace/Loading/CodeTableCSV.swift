import HubCore
import Standards

/// Reads a code table CSV: header `code,name,aliases`, aliases separated by `|`.
enum CodeTableCSV {
    static func entries(_ bytes: [UInt8], file: String, problems: ProblemList) -> [CodeEntry]? {
        var reader = CSVReader(bytes: bytes)
        var entries: [CodeEntry] = []
        var codes: Set<String> = []
        var lines: [Int] = []
        do {
            guard let header = try reader.next() else {
                problems.add(file, "line 1", "the file is empty", fix: "start it with the header code,name,aliases")
                return nil
            }
            let columns = header.fields.map { String(decoding: $0, as: UTF8.self) }
            guard columns.count >= 2, columns[0] == "code", columns[1] == "name" else {
                problems.add(file, "line 1", "the header must be code,name,aliases", fix: "make the first line exactly code,name,aliases")
                return nil
            }
            while let record = try reader.next() {
                let fields = record.fields.map { String(validating: $0, as: UTF8.self) }
                guard fields.allSatisfy({ $0 != nil }) else {
                    problems.add(file, "line \(record.line)", "the line is not valid UTF-8", fix: "save the file as UTF-8")
                    continue
                }
                let values = fields.map { TextCleaning.trimmed($0 ?? "") }
                guard values.count >= 2, !values[0].isEmpty, !values[1].isEmpty else {
                    problems.add(file, "line \(record.line)", "a row needs a code and a name", fix: "fill in both, or delete the line")
                    continue
                }
                guard codes.insert(values[0]).inserted else {
                    problems.add(file, "line \(record.line)", "code \"\(values[0])\" appears twice", fix: "keep one row per code")
                    continue
                }
                let aliases = values.count > 2 ? values[2].split(separator: "|").map { TextCleaning.trimmed(String($0)) }.filter { !$0.isEmpty } : []
                entries.append(CodeEntry(code: values[0], name: values[1], aliases: aliases))
                lines.append(record.line)
            }
            ambiguities(entries, lines: lines, file: file, problems: problems)
        } catch {
            problems.add(file, "", "invalid CSV: \(error)", fix: "close the quoted field")
            return nil
        }
        return entries
    }

    /// A spelling that two codes claim (one's alias is another's code, name or alias) would be read
    /// as whichever the resolver tries first: named, so the table says what it means.
    private static func ambiguities(_ entries: [CodeEntry], lines: [Int], file: String, problems: ProblemList) {
        var owner: [String: String] = [:]
        for entry in entries {
            for spelling in [entry.code, entry.name] where owner[spelling] == nil { owner[spelling] = entry.code }
        }
        for (entry, line) in zip(entries, lines) {
            for alias in entry.aliases {
                if let other = owner[alias], other != entry.code {
                    problems.add(file, "line \(line)", "alias \"\(alias)\" of code \(entry.code) is already code \(other) (its code, name or alias)",
                                 fix: "remove the alias from one of the two codes")
                } else {
                    owner[alias] = entry.code
                }
            }
        }
    }
}
