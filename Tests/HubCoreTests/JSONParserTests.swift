import Testing
@testable import HubCore

@Suite struct JSONParserTests {
    @Test func parsesNestedDocumentsKeepingKeyOrder() throws {
        let value = try JSONParser.parse(#"{"b": [1, 2.5, -3e2], "a": {"x": null, "y": true}, "s": "学号\n\u00e9\ud83d\ude00"}"#)
        guard case let .object(members) = value else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["b", "a", "s"])
        #expect(value["b"] == .array([.number(1), .number(2.5), .number(-300)]))
        #expect(value["a"]?["y"] == .bool(true))
        #expect(value["s"] == .string("学号\né😀"))
    }

    @Test(arguments: [
        ("{\"a\": 1,}", 1, 9, "expected a quoted key"),
        ("{\n  \"a\": 1\n  \"b\": 2\n}", 3, 3, "expected ',' or '}' in an object"),
        ("[1, 2", 1, 6, "expected ',' or ']' in an array"),
        ("{\"a\": tru}", 1, 7, "invalid literal; expected true"),
        ("{\"a\": 1, \"a\": 2}", 1, 13, "duplicate key \"a\""),
        ("\"unterminated", 1, 14, "unterminated string"),
        ("{} x", 1, 4, "unexpected text after the end of the document"),
        ("", 1, 1, "unexpected end of the document; a value is missing"),
    ])
    func reportsLineAndColumn(text: String, line: Int, column: Int, message: String) {
        #expect(throws: JSONParser.SyntaxError(line: line, column: column, message: message)) {
            try JSONParser.parse(text)
        }
    }

    @Test func rejectsInvalidUTF8AndDeepNesting() {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse([0x22, 0xFF, 0x22]) }
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(String(repeating: "[", count: 300)) }
    }

    @Test func skipsAByteOrderMark() throws {
        #expect(try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("[]".utf8)) == .array([]))
    }
}

@Suite struct JSONWriterTests {
    @Test func escapesControlCharactersAndQuotes() {
        #expect(JSONWriter.quoted("a\"b\\c\n\t\u{01}中") == #""a\"b\\c\n\t\u0001中""#)
    }

    @Test func canonicalObjectsSortKeysSoEqualMapsGiveEqualBytes() {
        let a = JSONWriter.canonicalObject(["XM": "张三", "XBM": "1", "CSRQ": "20050315"])
        let b = JSONWriter.canonicalObject(["CSRQ": "20050315", "XM": "张三", "XBM": "1"])
        #expect(a == b)
        #expect(a == #"{"CSRQ":"20050315","XBM":"1","XM":"张三"}"#)
    }

    @Test func roundTripsThroughTheParser() throws {
        let text = JSONWriter.canonicalObject(["k": "\u{2028}\"\\/\u{7F}"])
        #expect(try JSONParser.parse(text)["k"] == .string("\u{2028}\"\\/\u{7F}"))
    }
}

/// Numbers keep their literal text; `int` and `double` read them, `==` compares values exactly.
@Suite struct JSONNumberTests {
    @Test(arguments: [
        ("110101199001011237", 110_101_199_001_011_237 as Int?),
        ("12", 12), ("1.2e1", 12), ("120E-1", 12), ("12.0", 12), ("-0", 0), ("0.0e5", 0),
        ("12.5", nil), ("1e19", nil), ("9223372036854775807", Int.max), ("9223372036854775808", nil), ("-9223372036854775807", -Int.max),
    ])
    func integers(text: String, value: Int?) throws {
        guard case let .number(number) = try JSONParser.parse(text) else { Issue.record("not a number"); return }
        #expect(number.text == text)
        #expect(number.int == value)
    }

    @Test func equalityIsByExactValue() throws {
        #expect(try JSONParser.parse("2.50") == JSONParser.parse("25e-1"))
        #expect(try JSONParser.parse("-300") == .number(-300))
        #expect(try JSONParser.parse("110101199001011237") != JSONParser.parse("110101199001011238"))
        #expect(try JSONParser.parse("0.1") != JSONParser.parse("0.10000000000000001"))
        var writer = JSONWriter()
        writer.value(try JSONParser.parse(#"[110101199001011237, 88.50]"#))
        #expect(writer.text == "[110101199001011237,88.50]")
    }
}

/// The duplicate-key check keeps a set of the keys seen, so a wide object costs linear time.
@Suite struct JSONWideObjectTests {
    static let width = 50_000

    static func document(lastKey: String) -> String {
        var text = "{"
        for index in 0..<width - 1 { text += "\"k\(index)\": \(index)," }
        return text + "\"\(lastKey)\": -1}"
    }

    @Test func anObjectOf50000KeysKeepsEveryKeyInOrder() throws {
        guard case let .object(members) = try JSONParser.parse(Self.document(lastKey: "last")) else { Issue.record("not an object"); return }
        #expect(members.count == Self.width)
        #expect(members.map(\.key) == (0..<Self.width - 1).map { "k\($0)" } + ["last"])
        #expect(members[12_345].value == .number(12_345))
    }

    @Test func aDuplicateAsTheLastOf50000KeysIsFound() {
        do {
            _ = try JSONParser.parse(Self.document(lastKey: "k0"))
            Issue.record("the duplicate key was not found")
        } catch {
            #expect(error.message == "duplicate key \"k0\"")
        }
    }
}
