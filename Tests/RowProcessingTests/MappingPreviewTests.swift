import Foundation
import HubCore
import RowProcessing
import Synchronization
import TestSupport
import Testing
import Workspace

/// The preview is handed its rows: no source is opened here, the mapping and standards are the repository's.
@Suite struct MappingPreviewTests {
    static let columns = ["学号", "姓名", "性别", "出生日期", "证件类型", "证件号码", "民族", "政治面貌", "院系代码", "专业代码", "班级代码",
                          "入学年月", "学籍状态", "手机号码"]
    static let good: [String?] = ["2024010001", "王芳", "女", "2005-03-15", "1", "110105200503150027", "01", "03", "101", "510201",
                                  "2401", "202409", "01", "13800138000"]

    @Test func theReaderIsAskedForTheMappingsColumnsAndTheRowsAreJudgedByTheStandards() throws {
        let workspace = try WorkspaceLoader.load(root: Repository.root)
        let asked = Mutex<(columns: [String], limit: Int)>(([], 0))
        var badDate = Self.good
        badDate[0] = "2024010002"
        badDate[3] = "2005-13-45"
        let rows = [SourceRow(number: 2, values: Self.good), SourceRow(number: 3, values: badDate),
                    SourceRow(number: 4, values: ["2024010003", "李雷"])]
        let preview = try MappingPreview.sample("jw.students", workspace: workspace, limit: 3, today: Date(), timeZone: .standard) { _, _, columns, limit in
            asked.withLock { $0 = (columns, limit) }
            return (SourceHeader(Self.columns), rows)
        }
        #expect(Set(asked.withLock { $0.columns }) == Set(Self.columns))
        #expect(asked.withLock { $0.limit } == 3)
        #expect(preview.entity == "student")
        #expect(preview.recordCount == 1)
        #expect(preview.rejectCount == 2)
        guard case let .record(record, _) = preview.rows[0].outcome else {
            Issue.record("the good row was not kept: \(preview.rows[0].outcome)")
            return
        }
        #expect(record.key == "2024010001")
        #expect(record.fields["XBM"] == "2")
        guard case let .quarantined(dated) = preview.rows[1].outcome, case let .quarantined(short) = preview.rows[2].outcome else {
            Issue.record("the bad rows were kept")
            return
        }
        #expect(dated.issues.map(\.element).contains("CSRQ"))
        #expect(short.issues.map(\.rule) == ["columns"])
    }

    @Test func anUnknownStreamIsAUsageErrorNamingTheStreams() throws {
        let workspace = try WorkspaceLoader.load(root: Repository.root)
        #expect {
            _ = try MappingPreview.sample("jw.nobody", workspace: workspace, limit: 1, today: Date()) { _, _, _, _ in
                Issue.record("the reader was called for an unknown stream")
                return (SourceHeader([]), [])
            }
        } throws: { error in
            (error as? HubError)?.exitCode == .usage && "\(error)".contains("jw.students")
        }
    }
}
