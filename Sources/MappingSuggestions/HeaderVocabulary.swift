import Standards

/// Header spellings -> the data elements they usually name: the catalogue's own
/// codes and names, their code-table spellings (`XBDM`, `性别代码`), and the
/// synonyms colleges' systems use.
struct HeaderVocabulary: Sendable {
    enum Kind: Sendable {
        /// The element's code or name, as the catalogue spells it.
        case catalogue
        /// A derived spelling (`XBDM`, `性别代码`) or a common synonym.
        case synonym
    }

    private var entries: [String: [(element: String, kind: Kind)]] = [:]

    init(catalogue: StandardsCatalogue) {
        for element in catalogue.elements.values {
            add(element.code, element.code, .catalogue)
            add(element.name, element.code, .catalogue)
            if element.code.hasSuffix("M"), element.code.count > 2 {
                let stem = String(element.code.dropLast())
                add(stem + "DM", element.code, .synonym)
                add(stem, element.code, .synonym)
            }
            if element.name.hasSuffix("码") {
                let stem = String(element.name.dropLast())
                add(stem, element.code, .synonym)
                add(stem + "代码", element.code, .synonym)
            }
        }
        for (element, spellings) in Self.synonyms where catalogue.elements[element] != nil {
            for spelling in spellings { add(spelling, element, .synonym) }
        }
    }

    /// The elements a header names, by its normalised key.
    func elements(named header: String) -> [(element: String, kind: Kind)] { entries[Self.key(header)] ?? [] }

    /// The elements whose longest Chinese spelling (two characters or more) a header contains: `本人手机号码` -> YDDH by `手机号码`.
    func elements(within header: String) -> (spelling: String, elements: [String])? {
        let key = Self.key(header)
        let contained = entries.keys.filter { $0.count >= 2 && $0.unicodeScalars.contains { $0.value >= 0x4E00 } && key.contains($0) }
        guard let longest = contained.max(by: { $0.count != $1.count ? $0.count < $1.count : $0 > $1 }) else { return nil }
        return (longest, (entries[longest] ?? []).map(\.element))
    }

    private mutating func add(_ spelling: String, _ element: String, _ kind: Kind) {
        let key = Self.key(spelling)
        guard !key.isEmpty, !(entries[key] ?? []).contains(where: { $0.element == element }) else { return }
        entries[key, default: []].append((element, kind))
    }

    /// Upper-case, without separators, table/field prefixes (`t_`, `f_`) and a JSON path's parents:
    /// `f_xb_dm` -> `XBDM`, `contact.mobile` -> `MOBILE`, `出生日期（YYYYMMDD）` -> `出生日期`.
    static func key(_ header: String) -> String {
        var text = Substring(header.trimmingCharacters(in: .whitespaces))
        if let dot = text.lastIndex(of: "."), text.index(after: dot) < text.endIndex { text = text[text.index(after: dot)...] }
        if let open = text.firstIndex(where: { $0 == "(" || $0 == "（" }), open != text.startIndex { text = text[..<open] }
        for prefix in ["t_", "f_", "c_"] where text.lowercased().hasPrefix(prefix) && text.count > prefix.count {
            text = text.dropFirst(prefix.count)
        }
        return String(text.filter { $0 != "_" && $0 != "-" && $0 != " " && $0 != "　" }).uppercased()
    }

    /// Spellings found in colleges' exports beyond the catalogue's codes and names.
    static let synonyms: [String: [String]] = [
        "XH": ["学生学号", "学生编号", "学籍号", "STUDENTID", "STUDENTNO", "XSXH", "XSBH"],
        "XM": ["名字", "学生姓名", "教工姓名", "职工姓名", "NAME", "XINGMING", "XSXM"],
        "XBM": ["性别", "SEX", "GENDER", "XBDM"],
        "CSRQ": ["出生年月日", "生日", "BIRTHDAY", "BIRTHDATE", "DATEOFBIRTH"],
        "SFZJH": ["身份证号", "身份证号码", "身份证", "身份证件号码", "证件号码", "证件号", "SFZH", "SFZHM", "ZJHM", "IDCARD", "IDNO", "IDNUMBER"],
        "SFZJLXM": ["证件类型", "身份证件类型", "证件类别", "ZJLX", "ZJLXDM", "IDTYPE"],
        "MZM": ["民族", "NATION", "ETHNIC", "ETHNICITY"],
        "ZZMMM": ["政治面貌", "POLITICAL", "POLITICALSTATUS"],
        "GJDQM": ["国籍", "国籍地区", "GJ", "NATIONALITY"],
        "DWH": ["院系", "院系代码", "院系号", "学院", "学院代码", "部门", "部门代码", "部门号", "单位", "单位代码", "所属单位", "所属单位号",
                "所在单位", "所属院系", "YXDM", "YXH", "DWDM", "BMDM", "BMH", "SSDWH", "SZDWH", "SSYX", "XYDM", "UNIT", "UNITCODE", "DEPT",
                "DEPTCODE", "DEPARTMENT"],
        "DWMC": ["部门名称", "院系名称", "学院名称", "BMMC", "YXMC", "UNITNAME", "DEPTNAME"],
        "LSDWH": ["上级单位", "上级单位号", "上级部门", "SJDWH", "SJBM", "PARENT"],
        "ZYM": ["专业代码", "专业号", "专业", "ZYDM", "ZYH", "MAJOR", "MAJORCODE"],
        "ZYMC": ["MAJORNAME"],
        "SZBH": ["班级", "班级代码", "班级号", "班号", "班级编号", "BJDM", "BJH", "BJBH", "BH", "CLASS", "CLASSCODE"],
        "BH": ["班级代码", "班级号", "班级编号", "BJDM", "BJH", "BJBH", "CLASSCODE"],
        "BJMC": ["班名", "班级", "CLASSNAME"],
        "SZNJ": ["年级", "NJ", "GRADE"],
        "SSNJ": ["年级", "NJ", "GRADE"],
        "RXNY": ["入学时间", "入学日期", "RXRQ", "RXSJ"],
        "YDDH": ["手机号码", "手机号", "手机", "联系电话", "联系方式", "电话", "SJHM", "SJH", "LXDH", "MOBILE", "PHONE", "TEL", "CELLPHONE"],
        "DZYX": ["电子邮箱", "邮箱", "电子邮件", "EMAIL", "MAIL", "DZXX", "DZYJ"],
        "GH": ["教工号", "职工号", "教职工号", "员工号", "人员编号", "JZGH", "ZGH", "JGH", "YGH", "STAFFID", "STAFFNO"],
        "XSDQZTM": ["学籍状态", "学生状态", "当前状态", "XJZT", "XJZTDM", "DQZT", "DQZTDM"],
        "JZGDQZTM": ["当前状态", "在职状态", "人员状态", "教职工状态", "DQZT", "DQZTDM", "ZZZT", "RYZT"],
        "JZGLBM": ["教职工类别", "人员类别", "职工类别", "RYLB", "RYLBDM"],
        "BZLBM": ["编制类别", "编制", "编制类型"],
        "XLM": ["学历", "最高学历", "学历代码", "ZGXL", "ZGXLDM", "XL"],
        "CJGZRQ": ["参加工作时间", "工作日期", "CJGZSJ"],
        "XSLBM": ["学生类别"],
        "BZRGH": ["班主任", "班主任工号", "BZR"],
        "XZ": ["学制", "XZ"],
        "DWJC": ["简称"],
        "JLNY": ["成立年月", "成立时间"],
        "CSDM": ["出生地"],
        "LYDQM": ["生源地", "生源地区"],
        "YWXM": ["英文名"],
        "XMPY": ["拼音"],
    ]
}
