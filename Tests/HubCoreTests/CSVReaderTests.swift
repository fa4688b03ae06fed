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

    @Test func honoursAnotherDelimiter() throws {
        var reader = CSVReader(bytes: Array("a;b\n1;\"x;y\"\n".utf8), delimiter: UInt8(ascii: ";"))
        _ = try reader.next()
        #expect(try reader.next().map(strings) == ["1", "x;y"])
    }
}


import Foundation
