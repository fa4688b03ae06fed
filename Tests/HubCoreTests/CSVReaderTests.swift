import Testing
@testable import HubCore

@Suite struct CSVReaderTests {
    func records(_ text: String, chunk: Int = 65_536) throws -> [CSVReader.Record] {
        let bytes = Array(text.utf8)
        var offset = 0
        var reader = CSVReader {
            guard offset < bytes.count else { return nil }
            defer { offset += chunk }
            return Array(bytes[offset..<min(offset + chunk, bytes.count)])
        }
        var out: [CSVReader.Record] = []
        while let record = try reader.next() { out.append(record) }
        return out
    }

    func strings(_ record: CSVReader.Record) -> [String] { record.fields.map { String(decoding: $0, as: UTF8.self) } }

    @Test(arguments: [1, 2, 3, 7, 65_536])
    func readsRFC4180WhateverTheChunkSize(chunk: Int) throws {
        let text = "\u{FEFF}学号,姓名,备注\r\n001,\"王,芳\",\"说\"\"好\"\"\"\r\n002,李雷,\"两\r\n行\"\n003,,\n"
        let rows = try records(text, chunk: chunk)
        #expect(rows.map(strings) == [["学号", "姓名", "备注"], ["001", "王,芳", "说\"好\""], ["002", "李雷", "两\r\n行"], ["003", "", ""]])
        #expect(rows.map(\.line) == [1, 2, 3, 5])
    }

    @Test func skipsBlankLinesAndReadsALastLineWithoutNewline() throws {
        let rows = try records("a,b\n\n\r\n1,2")
        #expect(rows.map(strings) == [["a", "b"], ["1", "2"]])
        #expect(rows.last?.line == 4)
    }

    @Test func keepsStrayQuotesInsideUnquotedFields() throws {
        #expect(try records("a,b\n5\"10,x\n").map(strings).last == ["5\"10", "x"])
    }

    @Test func anUnclosedQuoteIsAnErrorNamingItsLine() {
        #expect(throws: CSVReader.SyntaxError(line: 2, message: "a quoted field is not closed before the end of the file")) {
            try records("a,b\n1,\"open\n2,3\n")
        }
    }

    @Test(arguments: [1, 5, 4096])
    func aFieldOverTheCapEndsItsRecordAndReadingResumesOnTheNextLine(chunk: Int) throws {
        // The quote opened on line 2 never closes: at 16 bytes the field is cut, the rest of that line skipped.
        let text = "a,b,c\n1,\"never closed and much longer than sixteen bytes,x\n2,\"ok\",y\n3,z,w\n"
        let bytes = Array(text.utf8)
        var offset = 0
        var reader = CSVReader(maxFieldBytes: 16) {
            guard offset < bytes.count else { return nil }
            defer { offset += chunk }
            return Array(bytes[offset..<min(offset + chunk, bytes.count)])
        }
        var rows: [CSVReader.Record] = []
        while let record = try reader.next() { rows.append(record) }
        #expect(rows.map(strings) == [["a", "b", "c"], ["1"], ["2", "ok", "y"], ["3", "z", "w"]])
        #expect(rows.map(\.line) == [1, 2, 3, 4])
        #expect(rows.map(\.oversized) == [nil, CSVReader.Oversized(column: 1, resumedAtLine: 3), nil, nil])
    }

    @Test func theDefaultCapIsOneMebibyteAndAFieldJustUnderItIsKept() throws {
        #expect(CSVReader.defaultMaxFieldBytes == 1 << 20)
        let long = String(repeating: "x", count: (1 << 20) - 1)
        let rows = try records("a\n\"\(long)\"\nb\n")
        #expect(rows.map(\.oversized) == [nil, nil, nil])
        #expect(rows[1].fields == [Array(long.utf8)])
    }

    @Test func honoursAnotherDelimiter() throws {
        var reader = CSVReader(bytes: Array("a;b\n1;\"x;y\"\n".utf8), delimiter: UInt8(ascii: ";"))
        _ = try reader.next()
        #expect(try reader.next().map(strings) == ["1", "x;y"])
    }
}


import Foundation
