import HubCore

/// How a saved workspace file is written: stable, pretty JSON that keeps the document's key
/// order, so a diff of two saves shows only what changed. A container that fits on one line of
/// `width` columns (at its indentation) is written on one line, as people write short objects
/// and arrays by hand; larger ones get one member per line, indented by two spaces. The same
/// value always gives the same text, ending in one newline.
public enum ConfigText {
    public static func pretty(_ value: JSONValue, width: Int = 100) -> String {
        var text = ""
        write(value, indent: 0, column: 0, width: width, into: &text, topLevel: true)
        return text + "\n"
    }

    /// `indent`: the container's own indentation; `column`: where its first character goes.
    private static func write(_ value: JSONValue, indent: Int, column: Int, width: Int, into text: inout String, topLevel: Bool = false) {
        let inline = compact(value)
        let isContainer: Bool
        switch value {
        case let .array(items): isContainer = !items.isEmpty
        case let .object(members): isContainer = !members.isEmpty
        default: isContainer = false
        }
        guard isContainer, topLevel || column + inline.count > width else {
            text += inline
            return
        }
        let inner = String(repeating: " ", count: indent + 2)
        switch value {
        case let .array(items):
            text += "[\n"
            for (index, item) in items.enumerated() {
                text += inner
                write(item, indent: indent + 2, column: indent + 2, width: width, into: &text)
                text += index == items.count - 1 ? "\n" : ",\n"
            }
            text += String(repeating: " ", count: indent) + "]"
        case let .object(members):
            text += "{\n"
            for (index, member) in members.enumerated() {
                let key = JSONWriter.quoted(member.key) + ": "
                text += inner + key
                write(member.value, indent: indent + 2, column: indent + 2 + key.count, width: width, into: &text)
                text += index == members.count - 1 ? "\n" : ",\n"
            }
            text += String(repeating: " ", count: indent) + "}"
        default:
            text += inline
        }
    }

    /// One line: `{"a": 1, "b": [1, 2]}`.
    static func compact(_ value: JSONValue) -> String {
        switch value {
        case let .array(items): return "[" + items.map(compact).joined(separator: ", ") + "]"
        case let .object(members): return "{" + members.map { JSONWriter.quoted($0.key) + ": " + compact($0.value) }.joined(separator: ", ") + "}"
        default:
            var writer = JSONWriter()
            writer.value(value)
            return writer.text
        }
    }
}
