import HubCore
/// One person in the HR feed (t_jzg), before the row is written out.
struct StaffMember: Sendable {
    /// ZGH: year joined the college + 4-digit sequence, e.g. "20080123".
    let number: String
    let name: PersonName
    let isMale: Bool
    let birth: DemoDate
    let ethnicity: Ethnicity
    /// SFZJH exactly as the row will carry it (invalid only for ID defects).
    let idNumber: String
    let politicalCode: String
    /// YXDM: DWH of the unit the person works in.
    let unitCode: String
    /// JZGLBDM: 11 专任教师, 12 教辅, 13 行政, 14 工勤.
    let categoryCode: String
    /// ZGXLDM (GB/T 4658).
    let educationCode: String
    /// DQZTDM: 11 在职, 01 退休, 04 返聘.
    let statusCode: String
    let firstWorkDate: DemoDate
    let mobile: String
    let updatedAt: String
    let defect: DefectRule?

    /// In post and free of deliberate defects, so it can be named as a 班主任.
    var canLeadClass: Bool {
        statusCode == "11" && defect == nil
    }
}

extension StaffMember {
    static let tableColumns = [
        "ZGH", "XM", "XBDM", "CSRQ", "SFZJLXDM", "SFZJH", "MZDM", "ZZMMDM", "YXDM",
        "JZGLBDM", "ZGXLDM", "DQZTDM", "CJGZRQ", "YDDH", "GXSJ",
    ]

    /// The t_jzg row. XBDM uses this system's own "M"/"F"; CSRQ is mostly YYYYMMDD
    /// with about 10% YYYY-MM-DD; MZDM sometimes loses its zero padding.
    /// Rows with a defect are otherwise written in the clean form.
    func row(using random: inout SplitMix64) -> [String?] {
        let writeClean = defect != nil
        var birthText = !writeClean && random.chance(0.10) ? birth.dashed : birth.compact
        let ethnicityCode = !writeClean && random.chance(0.033) ? ethnicity.unpaddedCode : ethnicity.code
        var sexText = isMale ? "M" : "F"
        switch defect {
        case .date: birthText = DefectiveValue.unparseableDate(near: birth, dashed: false, using: &random)
        case .code: sexText = DefectiveValue.invalidSex(using: &random)
        default: break
        }
        return [
            number, name.standard, sexText, birthText, "1", idNumber, ethnicityCode, politicalCode,
            unitCode, categoryCode, educationCode, statusCode, firstWorkDate.compact, mobile, updatedAt,
        ]
    }
}
