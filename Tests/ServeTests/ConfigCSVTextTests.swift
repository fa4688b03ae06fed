import HubCore
@testable import Serve
import Testing
import Workspace

/// How a CSV body becomes the file saved (no I/O): UTF-8 text with LF line ends and a final LF, or 400.
@Suite struct ConfigCSVTextTests {
    let path = ConfigPath("standards/codes/ZZMM.csv")

    func saved(_ text: String) throws -> String {
        String(decoding: try Administration.csvText(Array(text.utf8), path: try #require(path)), as: UTF8.self)
    }

    @Test func lineEndsAreLFAndTheLastLineEnds() throws {
        #expect(try saved("code,name,aliases\r\n01,党员,\r\n") == "code,name,aliases\n01,党员,\n")
        #expect(try saved("code,name,aliases\n01,党员,") == "code,name,aliases\n01,党员,\n")
        #expect(try saved("\u{FEFF}code,name,aliases\n") == "code,name,aliases\n")
        #expect(try saved("code,name,aliases\n\"01\",\"a, b\",\n") == "code,name,aliases\n\"01\",\"a, b\",\n")
    }

    @Test(arguments: [[0x63, 0xFF, 0x0A], Array("".utf8), Array(" \n\n".utf8), Array("code,name\u{0}\n".utf8), Array("a\rb\n".utf8)])
    func whatIsNoCSVTextIsRefused(body: [UInt8]) throws {
        let target = try #require(path)
        #expect(throws: (any Error).self) { try Administration.csvText(body, path: target) }
    }
}
