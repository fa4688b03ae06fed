import GoldenRecords
import Testing

@Suite struct GoldenMergerTests {
    let merger = GoldenMerger(authority: ["student": ["jw.students", "xg.students"]])
    func source(_ stream: String, _ fields: [String: String], run: Int64 = 1) -> GoldenMerger.SourceRecord {
        GoldenMerger.SourceRecord(stream: stream, fields: fields, provenance: FieldProvenance(stream: stream, run: run, at: "t\(run)"))
    }

    @Test func authorityWinsAndLowerRanksFillGaps() {
        let sources = [source("zz.other", ["XM": "C", "JG": "广东"]), source("xg.students", ["XM": "B", "YDDH": "138"]), source("jw.students", ["XM": "A"])]
        for order in [sources, sources.reversed(), [sources[1], sources[0], sources[2]]] {
            let merged = merger.merge(order, entity: "student")
            #expect(merged.fields == ["XM": "A", "YDDH": "138", "JG": "广东"])
            #expect(merged.provenance.mapValues(\.stream) == ["XM": "jw.students", "YDDH": "xg.students", "JG": "zz.other"])
        }
    }

    @Test func unchangedValuesKeepTheirProvenance() {
        let old = FieldProvenance(stream: "jw.students", run: 1, at: "t1")
        let merged = merger.merge([source("jw.students", ["XM": "A", "XBM": "1"], run: 2)], entity: "student",
                                  previous: ["XM": old, "XBM": old], previousFields: ["XM": "A", "XBM": "2"])
        #expect(merged.provenance["XM"] == old)
        #expect(merged.provenance["XBM"]?.run == 2)
    }

    @Test func fieldsFollowTheirOwnAuthorityAndDisagreementsAreListed() {
        let at = FieldProvenance(stream: "", run: 1, at: "t")
        let merged = GoldenMerger(authority: ["student": ["jw.students", "xg.students", "zz.library"]],
                                  fieldAuthority: ["student": ["YDDH": ["xg.students", "jw.students"]]]).merge([
            .init(stream: "zz.library", fields: ["XH": "1", "DZYX": "lib@x.cn", "DWH": "102"], provenance: at),
            .init(stream: "jw.students", fields: ["XH": "1", "XM": "王芳", "YDDH": "13800000000", "DWH": "101"], provenance: at),
            .init(stream: "xg.students", fields: ["XH": "1", "XM": "王芳", "YDDH": "13900000000"], provenance: at),
        ], entity: "student")
        #expect(merged.fields == ["XH": "1", "XM": "王芳", "YDDH": "13900000000", "DWH": "101", "DZYX": "lib@x.cn"])
        #expect(merged.conflicts.map { "\($0.element) \($0.goldenStream) \($0.others.map(\.stream))" } ==
                ["DWH jw.students [\"zz.library\"]", "YDDH xg.students [\"jw.students\"]"])
    }

    @Test func anOwnerOnlyElementIsNotFilledFromLowerRanks() {
        let merger = GoldenMerger(authority: ["staff": ["hr.staff", "dc.staff"]], ownerOnly: ["SFZJH"])
        let at = FieldProvenance(stream: "", run: 1, at: "t")
        let merged = merger.merge([
            .init(stream: "dc.staff", fields: ["GH": "1", "SFZJH": "11010519491231002X", "YDDH": "13800000000"], provenance: at),
            .init(stream: "hr.staff", fields: ["GH": "1", "XM": "王芳"], provenance: at),
        ], entity: "staff")
        #expect(merged.fields == ["GH": "1", "XM": "王芳", "YDDH": "13800000000"])
    }
}

@Suite struct GoldenMergerRankingTests {
    let merger = GoldenMerger(authority: ["student": ["jw.students", "xg.students"]], supplementary: ["zz.library"])

    @Test func unrankedStreamsComeLastByName() {
        #expect(merger.rank(["zz.b", "xg.students", "aa.c", "jw.students"], entity: "student") == ["jw.students", "xg.students", "aa.c", "zz.b"])
        #expect(merger.rank(["b", "a"], entity: "unit") == ["a", "b"])
    }

    @Test func aSupplementaryStreamAloneMakesNoGoldenRecord() {
        let at = FieldProvenance(stream: "", run: 1, at: "t")
        #expect(!merger.establishes([.init(stream: "zz.library", fields: ["XH": "1"], provenance: at)]))
        #expect(merger.establishes([.init(stream: "zz.library", fields: ["XH": "1"], provenance: at),
                                    .init(stream: "xg.students", fields: ["XH": "1"], provenance: at)]))
    }
}

/// `mergeOne` is `merge` of one source, made faster: the two must agree on every input.
@Suite struct GoldenMergerOneSourceTests {
    let merger = GoldenMerger(authority: ["staff": ["hr.staff", "dc.staff"]], fieldAuthority: ["staff": ["YDDH": ["dc.staff"]]],
                              ownerOnly: ["SFZJH", "YDDH"])

    @Test func oneSourceMergesAsTheGeneralMergeDoes() {
        let old = FieldProvenance(stream: "hr.staff", run: 1, at: "t1", row: 7)
        let oldOther = FieldProvenance(stream: "dc.staff", run: 1, at: "t1", row: 9)
        let previousFields = ["GH": "1", "XM": "王芳", "SFZJH": "11010519491231002X", "YDDH": "138"]
        let previous = ["GH": old, "XM": old, "SFZJH": oldOther, "YDDH": oldOther]
        let deliveries: [[String: String]] = [
            ["GH": "1", "XM": "王芳"], ["GH": "1", "XM": "王芳芳", "JG": "广东"],
            ["GH": "1", "SFZJH": "11010519491231002X", "YDDH": "139"], [:],
        ]
        for stream in ["hr.staff", "dc.staff", "xx.other"] {
            for fields in deliveries {
                let source = GoldenMerger.SourceRecord(stream: stream, fields: fields, provenance: FieldProvenance(stream: stream, run: 2, at: "t2", row: 3))
                for (entity, kept, keptFields) in [("staff", previous, previousFields), ("unit", [:], [:])] {
                    let one = merger.mergeOne(source, entity: entity, previous: kept, previousFields: keptFields)
                    #expect(one == merger.merge([source], entity: entity, previous: kept, previousFields: keptFields), "\(stream) \(fields) \(entity)")
                }
            }
        }
        let owner = GoldenMerger.SourceRecord(stream: "hr.staff", fields: ["GH": "1", "XM": "王芳", "SFZJH": "x"], provenance: FieldProvenance(stream: "hr.staff", run: 2, at: "t2"))
        let merged = merger.mergeOne(owner, entity: "staff", previous: previous, previousFields: previousFields)
        #expect(merged.fields == ["GH": "1", "XM": "王芳", "SFZJH": "x"])
        #expect(merged.provenance["XM"] == old)
        #expect(merged.provenance["SFZJH"]?.run == 2)
    }
}
