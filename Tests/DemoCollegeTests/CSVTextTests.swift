import DemoCollege
import Testing

@Suite("CSV text")
struct CSVTextTests {
    @Test("quotes only fields with a comma, quote, CR or LF, and ends every record with CRLF")
    func quoting() {
        let table = DemoTable(name: "t", columns: ["A", "B,C"], rows: [
            ["plain", "a,b"],
            ["say \"hi\"", nil],
            ["line\nbreak", "cr\rhere"],
            ["crlf\r\nend", "王　芳"],
        ])
        let expected = "A,\"B,C\"\r\n"
            + "plain,\"a,b\"\r\n"
            + "\"say \"\"hi\"\"\",\r\n"
            + "\"line\nbreak\",\"cr\rhere\"\r\n"
            + "\"crlf\r\nend\",王　芳\r\n"
        #expect(table.csvText() == expected)
    }

    @Test("a table with no rows is just the header")
    func headerOnly() {
        #expect(DemoTable(name: "t", columns: ["X", "Y"], rows: []).csvText() == "X,Y\r\n")
    }

    @Test("leading and trailing spaces are kept unquoted")
    func spacesKept() {
        let table = DemoTable(name: "t", columns: ["姓名"], rows: [[" 王芳 "]])
        #expect(table.csvText() == "姓名\r\n 王芳 \r\n")
    }
}
