import Foundation
import HubCore
import SQLiteDB
import TestSupport
import Testing
import Workspace
import TextEncoding
@testable import Connectors

@Suite struct CSVFileSourceTests {
    let directory = TemporaryDirectory("csv")

    func drain(_ source: RecordSource) throws -> [SourceRow] {
        var rows: [SourceRow] = []
        while let row = try source.next() { rows.append(row) }
        return rows
    }

    @Test func readsAFileWithHeaderBOMAndQuotedNewlines() throws {
        try directory.write("s.csv", "\u{FEFF}学号, 姓名 ,备注\r\n001,王芳,\"多\n行\"\r\n002,李雷,\r\n")
        let source = try CSVFileSource(path: directory.file("s.csv"))
        #expect(source.header.columns == ["学号", "姓名", "备注"])
        let rows = try drain(source)
        #expect(rows == [SourceRow(number: 2, values: ["001", "王芳", "多\n行"]), SourceRow(number: 4, values: ["002", "李雷", ""])])
    }

    @Test func aQuoteThatNeverClosesCostsOneRowNotTheFile() throws {
        // Line 2 opens a quote in 姓名 that never closes: 2 MiB of text on that line, then rows that must survive.
        let secret = "张三丰的身份证号110105194912310021"
        let tail = String(repeating: secret, count: (2 << 20) / secret.utf8.count)
        try directory.write("open.csv", "学号,姓名,备注\n001,\"\(tail)\n002,李雷,\"有\"\"引号\"\"\"\n003,韩梅梅,\n")
        let rows = try drain(try CSVFileSource(path: directory.file("open.csv")))
        #expect(rows.map(\.number) == [2, 3, 4])
        #expect(rows[0].values == ["001"])
        let issue = try #require(rows[0].readIssue)
        #expect(issue.rule == "field-size")
        #expect(issue.value == nil)
        #expect(issue.reason == "\(directory.file("open.csv")) line 2: the field in column 姓名 is longer than 1 MiB (a quote that never closes?); "
            + "it was skipped and reading went on at line 3; close or double the quote (\"\") in that line of the export")
        #expect(!issue.reason.contains("张三丰") && !issue.reason.contains("110105"))
        #expect(rows[1] == SourceRow(number: 3, values: ["002", "李雷", "有\"引号\""]))
        #expect(rows[2] == SourceRow(number: 4, values: ["003", "韩梅梅", ""]))
    }

    @Test func undecodableBytesFlagTheirRowOnly() throws {
        let bytes = Array("学号,姓名\n001,".utf8) + [0xCD, 0xF5] + Array("\n002,李雷\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: directory.file("gbk.csv")))
        let rows = try drain(try CSVFileSource(path: directory.file("gbk.csv")))
        #expect(rows.map(\.undecodableColumns) == [[1], []])
        #expect(rows[1].values[1] == "李雷")
    }

    @Test(arguments: ["gb18030", "gbk", "GB2312"])
    func decodesGB18030Files(encoding: String) throws {
        // 𠀀 (U+20000, CJK Ext-B) needs GB18030's four-byte form: rare name characters exist.
        let text = "学号,姓名,民族\r\n001,王𠀀,汉族\r\n002,\"李,雷\",维吾尔族\r\n"
        let encoded = try #require(Transcoder.encode(text, to: "GB18030"))
        #expect(encoded.count != Array(text.utf8).count)
        try Data([0x84, 0x31, 0x95, 0x33] + encoded).write(to: URL(fileURLWithPath: directory.file("gb.csv")))
        let source = try CSVFileSource(path: directory.file("gb.csv"), encoding: encoding)
        #expect(source.header.columns == ["学号", "姓名", "民族"])
        #expect(try drain(source).map(\.values) == [["001", "王𠀀", "汉族"], ["002", "李,雷", "维吾尔族"]])
    }

    @Test func aBadGB18030SequenceFlagsItsRowWithItsLineNumber() throws {
        var bytes = try #require(Transcoder.encode("学号,姓名\n001,王芳\n", to: "GB18030"))
        bytes += Array("002,".utf8) + [0x81, 0x20] + Array("\n".utf8)
        bytes += try #require(Transcoder.encode("003,李雷\n", to: "GB18030"))
        try Data(bytes).write(to: URL(fileURLWithPath: directory.file("bad-gb.csv")))
        let rows = try drain(try CSVFileSource(path: directory.file("bad-gb.csv"), encoding: "gb18030"))
        #expect(rows.map(\.number) == [2, 3, 4])
        #expect(rows.map(\.undecodableColumns) == [[], [1], []])
        #expect(rows[2].values == ["003", "李雷"])
    }

    @Test func aGB18030FileReadAsUTF8FailsOnItsHeader() throws {
        try Data(try #require(Transcoder.encode("学号,姓名\n001,王芳\n", to: "GB18030"))).write(to: URL(fileURLWithPath: directory.file("gb.csv")))
        #expect(throws: HubError.config("\(directory.file("gb.csv")): the header row is not valid utf-8",
                                        fix: "declare the file's real encoding in the connector (utf-8, gb18030 or gbk)")) {
            try CSVFileSource(path: directory.file("gb.csv"))
        }
    }

    @Test func aMissingFileIsATemporaryFailure() {
        #expect(throws: HubError.temporary("cannot open the CSV file \(directory.file("none.csv"))",
                                           fix: "check that the export has been delivered to that path and is readable")) {
            try CSVFileSource(path: directory.file("none.csv"))
        }
    }

    @Test func aFolderNamedAsTheFileIsAConfigurationErrorSayingSo() throws {
        try FileManager.default.createDirectory(atPath: directory.file("exports"), withIntermediateDirectories: true)
        #expect(throws: HubError.config("\(directory.file("exports")) is a folder, not a CSV file",
                                        fix: "name the export file itself, e.g. \(directory.file("exports"))/students.csv")) {
            try CSVFileSource(path: directory.file("exports"))
        }
    }

    @Test func anUnclosedQuoteIsADataError() throws {
        try directory.write("bad.csv", "a,b\n1,\"x\n")
        let source = try CSVFileSource(path: directory.file("bad.csv"))
        #expect(throws: HubError.self) { try drain(source) }
    }
}

@Suite struct SQLiteSourceTests {
    let directory = TemporaryDirectory("sqlite-source")

    func makeDatabase() throws -> String {
        let path = directory.file("dc.db")
        let database = try Database(path: path)
        try database.execute("CREATE TABLE t_dw (DWH TEXT, DWMC TEXT, JLNY INTEGER); INSERT INTO t_dw VALUES ('101', '信息工程学院', 200109), ('102', NULL, NULL);")
        return path
    }

    @Test func streamsATable() throws {
        let source = try SQLiteSource(path: try makeDatabase(), selection: .table("t_dw"))
        #expect(source.header.columns == ["DWH", "DWMC", "JLNY"])
        #expect(try source.next() == SourceRow(number: 1, values: ["101", "信息工程学院", "200109"]))
        #expect(try source.next() == SourceRow(number: 2, values: ["102", nil, nil]))
        #expect(try source.next() == nil)
    }

    /// Rows without a cursor value (NULL) come first, by key; after a position on one, the other NULL rows
    /// and every row with a value follow — none is missed, none read twice (a NULL position matched nothing before).
    @Test func rowsWithoutACursorValueAreReadOnceAndTheStreamGoesOnAfterThem() throws {
        let path = directory.file("nulls.db")
        let database = try Database(path: path)
        try database.execute("CREATE TABLE t (id TEXT, updated TEXT); INSERT INTO t VALUES ('a', NULL), ('b', NULL), ('c', '2026-01-01');")
        let spec = CursorSpec(column: "updated", key: "id")
        func firstRow() throws -> (values: [String?]?, cursor: String?) {
            let first = try SQLiteSource(path: path, selection: .table("t"), incremental: spec)
            return (try first.next()?.values, first.cursor)
        }
        let (values, afterNull) = try firstRow()
        #expect(values == ["a", nil])
        func rows(after position: String?) throws -> [String] {
            let source = try SQLiteSource(path: path, selection: .table("t"), incremental: spec, after: position)
            var ids: [String] = []
            while let row = try source.next() { ids.append(row.values[0] ?? "") }
            return ids
        }
        #expect(try rows(after: afterNull) == ["b", "c"])
        // The last row read had NULL: rows added later, with a value or without, still come.
        func positionAfterTheNullRows() throws -> String? {
            let allNull = try SQLiteSource(path: path, selection: .query("SELECT * FROM t WHERE updated IS NULL"), incremental: spec)
            while try allNull.next() != nil {}
            return allNull.cursor
        }
        let position = try positionAfterTheNullRows()
        try database.execute("INSERT INTO t VALUES ('d', '2026-02-01'), ('e', NULL);")
        #expect(try rows(after: position) == ["e", "c", "d"])
    }

    @Test func streamsAQuery() throws {
        let source = try SQLiteSource(path: try makeDatabase(), selection: .query("SELECT DWH AS code FROM t_dw WHERE DWMC IS NOT NULL"))
        #expect(source.header.columns == ["code"])
        #expect(try source.next()?.values == ["101"])
        #expect(try source.next() == nil)
    }

    @Test func aMissingDatabaseIsATemporaryFailureAndABadTableAConfigurationError() throws {
        #expect(throws: HubError.temporary("cannot open the SQLite database \(directory.file("none.db"))",
                                           fix: "check the path in the connector file and that the file is readable")) {
            try SQLiteSource(path: directory.file("none.db"), selection: .table("t"))
        }
        let path = try makeDatabase()
        #expect(throws: HubError.config("SQLite source \(path): no such table: t_nope", fix: "check the table name, query and cursor columns in the connector file")) {
            try SQLiteSource(path: path, selection: .table("t_nope"))
        }
    }
}

@Suite struct DropFolderTests {
    let directory = TemporaryDirectory("drop")

    @Test func picksTheNewestMatchingFile() throws {
        for (name, age) in [("xsjbxx-20261127.csv", 7200.0), ("xsjbxx-20261128.csv", 60.0), ("xsjbxx-20261129.csv.part", 0.0), ("other.csv", 0.0)] {
            try directory.write("exports/\(name)", "学号\n1\n")
            try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-age)], ofItemAtPath: directory.file("exports/\(name)"))
        }
        #expect(DropFolder.isPattern(directory.file("exports/xsjbxx-*.csv")))
        #expect(!DropFolder.isPattern(directory.file("exports/xsjbxx.csv")))
        #expect(try DropFolder.newest(matching: directory.file("exports/xsjbxx-*.csv")) == directory.file("exports/xsjbxx-20261128.csv"))
        #expect(throws: HubError.temporary("no file in \(directory.file("exports")) matches hr-*.csv",
                                           fix: "check that tonight's export has been delivered to the drop folder")) {
            try DropFolder.newest(matching: directory.file("exports/hr-*.csv"))
        }
    }
}
