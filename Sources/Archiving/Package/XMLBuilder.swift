import HubCore

/// An XML fragment written element by element with two-space indentation; values escaped.
struct XMLBuilder {
    private(set) var text = ""
    private var depth: Int

    init(depth: Int = 0) { self.depth = depth }

    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        text += indent + "<" + name + attributeText(attributes) + ">\n"
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        text += indent + "</" + name + ">\n"
    }

    /// `<name>value</name>`; nothing when `value` is nil (an optional element left out).
    mutating func leaf(_ name: String, _ value: String?, _ attributes: [(String, String)] = []) {
        guard let value else { return }
        text += indent + "<" + name + attributeText(attributes) + ">" + XMLText.escaped(value) + "</" + name + ">\n"
    }

    mutating func group(_ name: String, _ attributes: [(String, String)] = [], _ body: (inout XMLBuilder) -> Void) {
        open(name, attributes)
        body(&self)
        close(name)
    }

    var indent: String { String(repeating: "  ", count: depth) }

    private func attributeText(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(XMLText.escaped($0.1, attribute: true))\"" }.joined()
    }
}
