import HubCore
import Testing

@Suite struct FieldLayoutTests {
    static let maps: [[String: String]] = [
        ["XM": "张三", "XBM": "1", "CSRQ": "2003-05-01"],
        ["XM": "李四", "CSRQ": "2004-01-02"],
        ["B": "x\"y\\z\n", "a": "\u{2028}", "Ä": "ü"],  // escapes, non-ASCII keys (byte order)
        [:],
    ]

    @Test func writesTheSameBytesAsTheSortingWriter() {
        var scratch: [UInt8] = []
        for map in Self.maps {
            // The codes in an order of their own (a mapping's), one more than the map fills.
            let layout = FieldLayout(map.keys.sorted().reversed() + ["ZZ"])
            let values = layout.codes.map { map[$0] }
            #expect(layout.canonicalJSON(values, using: &scratch) == JSONWriter.canonicalObject(map))
            #expect(layout.dictionary(values) == map)
        }
    }

    @Test func aRecordReadsItsFieldsByCodeWhateverItsLayout() {
        let layout = FieldLayout(["XM", "XH", "CSRQ"])
        let record = NormalizedRecord(entity: "student", key: "1", layout: layout, values: ["王芳", "1", nil], sourceRow: 2)
        #expect(record["XM"] == "王芳")
        #expect(record["CSRQ"] == nil)
        #expect(record["YDDH"] == nil)
        #expect(record.fields == ["XM": "王芳", "XH": "1"])
        // Equal by content: the same fields through another layout.
        #expect(record == NormalizedRecord(entity: "student", key: "1", fields: ["XH": "1", "XM": "王芳"], sourceRow: 2))
        #expect(record != NormalizedRecord(entity: "student", key: "1", fields: ["XH": "1", "XM": "王"], sourceRow: 2))
    }

    @Test func passedValuesCountAsPassingOneByOneDoes() {
        let layout = FieldLayout(["XM", "XBM", "CSRQ"])
        let rules = ["text", "code", "date"]
        var byLayout = QualityReport(), oneByOne = QualityReport()
        for values: [String?] in [["王芳", "2", "2005-03-15"], ["李四", nil, "2004-01-02"], [nil, nil, nil]] {
            byLayout.addPassed(values: values, layout: layout, rules: rules)
            for (position, value) in values.enumerated() where value != nil {
                oneByOne.addPassed(element: layout.codes[position], rule: rules[position])
            }
        }
        byLayout.add(element: "XBM", rule: "code", outcome: "rejected")
        oneByOne.add(element: "XBM", rule: "code", outcome: "rejected")
        #expect(byLayout.counts == oneByOne.counts)
        #expect(byLayout.counts[QualityReport.Key(element: "XM", rule: "text", outcome: "ok")] == 2)
        #expect(byLayout.counts[QualityReport.Key(element: "XBM", rule: "code", outcome: "ok")] == 1)
    }
}
