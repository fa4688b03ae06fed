import HubCore
import Standards

/// A mapping bound to one source header: column positions resolved once, so
/// each row costs only array lookups. Pure.
public struct CompiledMapping: Sendable {
    public let spec: MappingSpec
    public let entity: EntityDefinition
    private let steps: [Step]
    private let header: SourceHeader
    private let keyColumn: Int?
    /// How many steps have transforms.
    private let transformCount: Int

    struct Step: Sendable {
        let element: String
        let column: Int?
        let constant: String?
        let transforms: [CompiledTransform]
    }

    enum CompiledTransform: Sendable {
        case trim, upper, lower
        case valueMap(ValueMap, Transform.Otherwise)
        case date([DatePattern])
    }

    /// Throws a configuration error naming the mapping file and field when the
    /// source lacks a column the mapping reads.
    public init(spec: MappingSpec, entity: EntityDefinition, header: SourceHeader) throws(HubError) {
        self.spec = spec
        self.entity = entity
        self.header = header
        var steps: [Step] = []
        for field in spec.fields {
            switch field.source {
            case let .column(name):
                guard let index = header.index(of: name) else {
                    throw HubError.config(
                        "\(spec.file): fields.\(field.element).from: the source of stream \(spec.stream) has no column \"\(name)\"",
                        fix: "use one of the source's columns: \(header.columns.joined(separator: ", "))")
                }
                steps.append(Step(element: field.element, column: index, constant: nil, transforms: Self.compile(field.transforms)))
            case let .constant(value):
                steps.append(Step(element: field.element, column: nil, constant: value, transforms: Self.compile(field.transforms)))
            }
        }
        self.steps = steps
        transformCount = steps.count(where: { !$0.transforms.isEmpty })
        keyColumn = steps.first(where: { $0.element == entity.key })?.column
    }

    private static func compile(_ transforms: [Transform]) -> [CompiledTransform] {
        transforms.map { transform in
            switch transform {
            case .trim: return .trim
            case .upper: return .upper
            case .lower: return .lower
            case let .valueMap(map, otherwise):
                return .valueMap(ValueMap(map), otherwise)
            case let .date(patterns):
                return .date(patterns.compactMap(DatePattern.init))
            }
        }
    }

    /// The row's values per element, in mapping order, or the transform issues.
    public func apply(_ row: SourceRow) -> (values: [(element: String, raw: String?)], issues: [FieldIssue]) {
        let (values, issues) = values(of: row)
        return (zip(steps, values).map { ($0.element, $1) }, issues)
    }

    /// Where each field's value lies: a column of the source row (read in
    /// place), a constant, or, for a field with transforms, its position in
    /// `transformedValues(of:)`.
    public var sources: [RecordNormalizer.ValueSource] {
        var transformed = 0
        return steps.map { step in
            guard step.transforms.isEmpty else {
                defer { transformed += 1 }
                return .transformed(transformed)
            }
            return step.column.map(RecordNormalizer.ValueSource.position) ?? .constant(step.constant)
        }
    }

    /// The values of the fields with transforms, in mapping order (what `sources` calls
    /// `.transformed`), or the transform issues; no array when no field transforms.
    public func transformedValues(of row: SourceRow) -> (values: [String?], issues: [FieldIssue]) {
        guard transformCount > 0 else { return ([], []) }
        var values: [String?] = []
        values.reserveCapacity(transformCount)
        var issues: [FieldIssue] = []
        for index in steps.indices where !steps[index].transforms.isEmpty {
            values.append(transformed(steps[index].column.map { row[$0] } ?? steps[index].constant, by: steps[index], issues: &issues))
        }
        return (values, issues)
    }

    /// The row's values in mapping order (the elements of `spec.fields`), or the transform issues.
    public func values(of row: SourceRow) -> (values: [String?], issues: [FieldIssue]) {
        var values: [String?] = []
        values.reserveCapacity(steps.count)
        var issues: [FieldIssue] = []
        // By index: most steps only read a column, and copying each step would cost a retain per field.
        for index in steps.indices {
            let value = steps[index].column.map { row[$0] } ?? steps[index].constant
            values.append(steps[index].transforms.isEmpty ? value : transformed(value, by: steps[index], issues: &issues))
        }
        return (values, issues)
    }

    /// A value through its step's transforms, in order.
    private func transformed(_ raw: String?, by step: Step, issues: inout [FieldIssue]) -> String? {
        var value = raw
        for transform in step.transforms {
            guard let current = value else { break }
            switch transform {
            case .trim: value = TextCleaning.trimmed(current)
            case .upper: value = current.uppercased()
            case .lower: value = current.lowercased()
            case let .valueMap(map, otherwise):
                if let mapped = map[current] {
                    value = mapped
                } else if ValueMap.isBlank(current) {
                    value = nil
                } else {
                    switch otherwise {
                    case .keep: break
                    case .empty: value = nil
                    case .reject:
                        issues.append(FieldIssue(element: step.element, rule: "code",
                                                 reason: "\(step.element): the value is not in the value map of \(spec.file)", value: current))
                        value = nil
                    }
                }
            case let .date(patterns):
                if TextCleaning.trimmed(current).isEmpty { value = nil; break }
                if let date = patterns.lazy.compactMap({ $0.parse(current) }).first {
                    value = date.compact
                } else {
                    issues.append(FieldIssue(element: step.element, rule: "date",
                                             reason: "\(step.element): the value matches none of the date patterns of \(spec.file) (\(patterns.map(\.text).joined(separator: ", ")))",
                                             value: current))
                    value = nil
                }
            }
        }
        return value
    }

    /// The row's raw key value (for the reject list), trimmed.
    public func sourceKey(of row: SourceRow) -> String? {
        sourceKey { row[$0] }
    }

    /// The raw key value, trimmed, from a row's value at a column.
    public func sourceKey(_ value: (Int) -> String?) -> String? {
        keyColumn.flatMap(value).map(TextCleaning.trimmed)
    }
}
