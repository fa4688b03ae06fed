import Foundation
import HubCore

/// Where a keyset page ends: the sort value and key of its last row. Opaque to
/// clients (base64url of a small JSON array), checked when it comes back.
public struct PageCursor: Sendable, Equatable {
    /// "" for key order, "XM" or "-XM" for a sort.
    public let sortElement: String
    public let sortValue: String
    public let key: String

    public init(sortElement: String, sortValue: String, key: String) {
        self.sortElement = sortElement
        self.sortValue = sortValue
        self.key = key
    }

    public var token: String {
        var writer = JSONWriter()
        writer.array(["p", sortElement, sortValue, key]) { $0.string($1) }
        return Base64URL.encode(Array(writer.text.utf8))
    }

    public init?(token: String) {
        guard let parts = Base64URL.stringArray(token), parts.count == 4, parts[0] == "p" else { return nil }
        self.init(sortElement: parts[1], sortValue: parts[2], key: parts[3])
    }
}

/// base64url without padding, as cursors and tickets use it.
public enum Base64URL {
    public static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func decode(_ text: String) -> [UInt8]? {
        guard text.count <= 4096, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
        return Data(base64Encoded: standard).map { [UInt8]($0) }
    }

    /// A JSON array of strings inside base64url, or nil.
    static func stringArray(_ token: String) -> [String]? {
        guard let bytes = decode(token), case let .array(values)? = try? JSONParser.parse(bytes) else { return nil }
        var strings: [String] = []
        for value in values {
            guard case let .string(text) = value else { return nil }
            strings.append(text)
        }
        return strings
    }
}
