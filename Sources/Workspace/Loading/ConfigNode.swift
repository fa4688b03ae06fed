import HubCore
import Standards

/// Collects every problem of a workspace load, so `check` reports them all.
final class ProblemList {
    private(set) var problems: [ConfigProblem] = []

    func add(_ file: String, _ path: String, _ message: String, fix: String) {
        problems.append(ConfigProblem(file: file, path: path, message: message, fix: fix))
    }
}

/// A JSON value with its file and JSON path: typed accessors record a problem
/// that names both, and return nil, when the document is not as expected.
struct ConfigNode {
    let value: JSONValue
    let file: String
    let path: String
    let problems: ProblemList

    func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func problem(_ message: String, at key: String? = nil, fix: String) {
        problems.add(file, key.map(child) ?? path, message, fix: fix)
    }

    subscript(key: String) -> ConfigNode? {
        value[key].map { ConfigNode(value: $0, file: file, path: child(key), problems: problems) }
    }

    var members: [(key: String, node: ConfigNode)] {
        guard case let .object(members) = value else { return [] }
        return members.map { ($0.key, ConfigNode(value: $0.value, file: file, path: child($0.key), problems: problems)) }
    }

    func isObject(fix: String) -> Bool {
        if case .object = value { return true }
        problem("must be an object, not \(value.kindDescription)", fix: fix)
        return false
    }

    /// Reports keys this object may not have (typos such as "tabel").
    func allowOnly(_ keys: [String]) {
        for (key, _) in members where !keys.contains(key) {
            problem("unknown key \"\(key)\"", at: key, fix: "remove it, or use one of: \(keys.joined(separator: ", "))")
        }
    }

    func string(_ key: String, required: Bool = true, fix: String) -> String? {
        guard let node = self[key] else {
            if required { problem("\"\(key)\" is missing", at: key, fix: fix) }
            return nil
        }
        guard case let .string(text) = node.value else {
            node.problem("must be a string, not \(node.value.kindDescription)", fix: fix)
            return nil
        }
        guard !text.isEmpty else {
            node.problem("must not be empty", fix: required ? fix : "fill it in, or remove \"\(key)\"")
            return nil
        }
        return text
    }

    /// `true` or `false`; `default` when the key is absent.
    func bool(_ key: String, default fallback: Bool) -> Bool {
        guard let node = self[key] else { return fallback }
        guard case let .bool(value) = node.value else {
            node.problem("must be true or false, not \(node.value.kindDescription)", fix: "write \"\(key)\": \(fallback) or \(!fallback)")
            return fallback
        }
        return value
    }

    /// A list of null markers (`[]` turns them off); nil when the key is absent.
    func nullMarkers(_ key: String = "nullMarkers") -> NullMarkers? {
        strings(key, required: false, fix: "list the values that mean empty, e.g. [\"NULL\", \"无\", \"-\"], or [] for none").map(NullMarkers.init)
    }

    func int(_ key: String, in range: ClosedRange<Int>, fix: String) -> Int? {
        guard let node = self[key] else { return nil }
        guard case let .number(number) = node.value, let value = number.int, range.contains(value) else {
            node.problem("must be a whole number from \(range.lowerBound) to \(range.upperBound)", fix: fix)
            return nil
        }
        return value
    }

    func double(_ key: String, in range: ClosedRange<Double>, fix: String) -> Double? {
        guard let node = self[key] else { return nil }
        guard case let .number(number) = node.value, range.contains(number.double) else {
            node.problem("must be a number from \(range.lowerBound) to \(range.upperBound)", fix: fix)
            return nil
        }
        return number.double
    }

    func array(_ key: String, required: Bool = true, fix: String) -> [ConfigNode]? {
        guard let node = self[key] else {
            if required { problem("\"\(key)\" is missing", at: key, fix: fix) }
            return nil
        }
        guard case let .array(elements) = node.value else {
            node.problem("must be an array, not \(node.value.kindDescription)", fix: fix)
            return nil
        }
        return elements.enumerated().map { ConfigNode(value: $1, file: file, path: "\(node.path)[\($0)]", problems: problems) }
    }

    /// An array of strings, e.g. `"required": ["XH", "XM"]`.
    func strings(_ key: String, required: Bool = true, fix: String) -> [String]? {
        guard let nodes = array(key, required: required, fix: fix) else { return nil }
        return nodes.compactMap { node in
            guard case let .string(text) = node.value, !text.isEmpty else {
                node.problem("must be a non-empty string, not \(node.value.kindDescription)", fix: fix)
                return nil
            }
            return text
        }
    }
}
