import Connectors
import DemoCollege
import Foundation
import HubCore
import Mapping
import MappingSuggestions
import Workspace

/// `campushub bench suggest`: the suggester's quality on the demo college's four source systems. The data is
/// generated into a scratch copy of the workspace (as `campushub demo` would), each stream's source columns and first
/// rows go to the suggester with nothing else but the mapping's entity, and its proposals are scored against the
/// workspace's own mappings (the ground truth). Student affairs' API records are read as the demo API serves them.
struct SuggestBench {
    let context: Context
    static let sampleRows = 50

    struct StreamScore {
        let stream: String
        let right: Int
        let total: Int
        /// Columns the mapping does not read that got an element anyway.
        let extra: Int
        let misses: [String]
    }

    func run() throws -> ExitCode {
        let workspace = try context.loadWorkspace()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("campushub-bench-suggest-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        for folder in ["connectors", "mappings", "standards"] {
            try FileManager.default.copyItem(atPath: workspace.resolve(folder), toPath: (scratch as NSString).appendingPathComponent(folder))
        }
        let data = PeopleInSeveralRoles.add(to: DemoCollegeGenerator.generate(seed: 20_260_901, students: 3_200, staff: 320))
        try DemoWriter.write(data, to: (scratch as NSString).appendingPathComponent("demo-data"))
        let copy = try WorkspaceLoader.load(root: scratch, environment: context.environment)
        let suggester = MappingSuggester(catalogue: copy.standards)

        var scores: [StreamScore] = [], blind: [StreamScore] = []
        for (connector, stream) in copy.streams {
            guard let mapping = copy.mappings.first(where: { $0.stream == stream.id }) else { continue }
            let columns = try samples(stream, of: connector, in: copy, data: data)
            scores.append(Self.score(suggester.suggest(columns, entity: mapping.entity), against: mapping, stream: stream.id))
            // The same columns under meaningless headers: what the values alone tell (reported, not the target).
            let hidden = columns.enumerated().map { ColumnSample(name: "column\($0 + 1)", values: $1.values) }
            let renamed = Dictionary(uniqueKeysWithValues: zip(hidden.map(\.name), columns.map(\.name)))
            let guesses = suggester.suggest(hidden, entity: mapping.entity).map {
                ColumnSuggestion(column: renamed[$0.column] ?? $0.column, element: $0.element, confidence: $0.confidence, reasons: $0.reasons)
            }
            blind.append(Self.score(guesses, against: mapping, stream: stream.id))
        }
        let blindRight = blind.reduce(0) { $0 + $1.right }
        let right = scores.reduce(0) { $0 + $1.right }, total = scores.reduce(0) { $0 + $1.total }
        let extra = scores.reduce(0) { $0 + $1.extra }
        if context.arguments.flag("json") {
            var writer = JSONWriter()
            writer.object { o in
                o.number("right", right)
                o.number("total", total)
                o.member("percent") { $0.number(Double(right * 1000 / max(total, 1)) / 10) }
                o.number("extra", extra)
                o.number("valuesOnlyRight", blindRight)
            }
            context.write(writer.text)
            return .success
        }
        var table = TextTable(["system", "stream", "mapped right", "total", "extra"])
        for score in scores {
            table.add([score.stream.split(separator: ".").first.map(String.init) ?? "", score.stream, "\(score.right)", "\(score.total)", "\(score.extra)"])
        }
        context.write(table.text)
        for score in scores where !score.misses.isEmpty { context.write("\(score.stream) missed: " + score.misses.joined(separator: ", ")) }
        context.write(String(format: "overall: %d of %d columns mapped right (%.1f%%); %d unmapped columns given an element; target 90%%: %@",
                             right, total, Double(right) * 100 / Double(max(total, 1)), extra, right * 10 >= total * 9 ? "met" : "NOT met"))
        context.write("values only (headers hidden): \(blindRight) of \(total) columns mapped right; the rest need their header")
        return .success
    }

    /// The stream's source columns with their first rows' values.
    private func samples(_ stream: StreamSpec, of connector: ConnectorSpec, in workspace: Workspace, data: DemoCollegeData) throws -> [ColumnSample] {
        if case .http = stream.source { return Self.flattened(StudentAffairs(data).records.prefix(Self.sampleRows)) }
        let sample = try SourceFactory.sample(stream, of: connector, in: workspace, columns: [], limit: Self.sampleRows, environment: context.environment)
        return ColumnSample.columns(sample.header, rows: sample.rows)
    }

    /// JSON records as columns named by their paths (`contact.mobile`), in first-seen order.
    static func flattened(_ records: some Sequence<String>) -> [ColumnSample] {
        var names: [String] = [], values: [String: [String]] = [:]
        func visit(_ value: JSONValue, path: String) {
            switch value {
            case let .object(members): for member in members { visit(member.value, path: path.isEmpty ? member.key : path + "." + member.key) }
            case let .string(text): add(path, text)
            case let .number(number): add(path, number.text)
            case let .bool(flag): add(path, flag ? "true" : "false")
            case .null, .array: add(path, nil)
            }
        }
        func add(_ path: String, _ text: String?) {
            if values[path] == nil { names.append(path) }
            values[path, default: []] += text.map { [$0] } ?? []
        }
        for record in records { if let value = try? JSONParser.parse(record) { visit(value, path: "") } }
        return names.map { ColumnSample(name: $0, values: values[$0] ?? []) }
    }

    /// Right: a column the mapping reads got the element the mapping gives it. Constants are not columns.
    static func score(_ suggestions: [ColumnSuggestion], against mapping: MappingSpec, stream: String) -> StreamScore {
        var truth: [String: String] = [:]
        for field in mapping.fields { if case let .column(column) = field.source { truth[column] = field.element } }
        var right = 0, extra = 0, misses: [String] = []
        for suggestion in suggestions {
            if let expected = truth[suggestion.column] {
                if suggestion.element == expected { right += 1 } else { misses.append("\(suggestion.column) -> \(suggestion.element ?? "none") (mapping: \(expected))") }
            } else if suggestion.element != nil {
                extra += 1
            }
        }
        let found = Set(suggestions.map(\.column))
        for (column, element) in truth.sorted(by: { $0.key < $1.key }) where !found.contains(column) { misses.append("\(column) not in the source (mapping: \(element))") }
        return StreamScore(stream: stream, right: right, total: truth.count, extra: extra, misses: misses)
    }
}
