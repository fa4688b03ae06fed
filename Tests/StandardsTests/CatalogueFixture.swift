@testable import Standards

/// A small catalogue for normaliser tests: a few elements and code tables as
/// the repository's standards/ defines them.
enum CatalogueFixture {
    static let xb = CodeTable(id: "XB", name: "人的性别代码", standard: "GB/T 2261.1-2003", entries: [
        CodeEntry(code: "0", name: "未知的性别", aliases: ["未知"]),
        CodeEntry(code: "1", name: "男性", aliases: ["男", "M", "male"]),
        CodeEntry(code: "2", name: "女性", aliases: ["女", "F", "female"]),
        CodeEntry(code: "9", name: "未说明的性别", aliases: ["未说明"]),
    ])
    static let mz = CodeTable(id: "MZ", name: "民族", standard: "GB/T 3304-1991", entries: [
        CodeEntry(code: "01", name: "汉族", aliases: ["汉", "Han"]),
        CodeEntry(code: "05", name: "维吾尔族", aliases: ["维吾尔"]),
        CodeEntry(code: "36", name: "毛南族", aliases: ["毛难族", "毛南"]),
    ])
    static let sfzjlx = CodeTable(id: "SFZJLX", name: "身份证件类型", standard: "JY/T 1001-2012 SFZJLX", entries: [
        CodeEntry(code: "1", name: "居民身份证", aliases: ["身份证"]),
        CodeEntry(code: "A", name: "护照", aliases: ["passport"]),
    ])

    static let elements = [
        DataElement(code: "XH", identifier: "JCXS010101", name: "学号", type: "C", maxLength: 20, format: .identifier, codeTable: nil, sensitivity: .internal),
        DataElement(code: "XM", identifier: "JCTB020101", name: "姓名", type: "C", maxLength: 36, format: .personName, codeTable: nil, sensitivity: .personal),
        DataElement(code: "XBM", identifier: "JCTB020105", name: "性别码", type: "C", maxLength: 1, format: .code, codeTable: "XB", sensitivity: .personal),
        DataElement(code: "CSRQ", identifier: "JCTB020106", name: "出生日期", type: "C", maxLength: 8, format: .date, codeTable: nil, sensitivity: .personal),
        DataElement(code: "MZM", identifier: "JCTB020109", name: "民族码", type: "C", maxLength: 2, format: .code, codeTable: "MZ", sensitivity: .sensitive),
        DataElement(code: "SFZJLXM", identifier: "JCTB020111", name: "身份证件类型码", type: "C", maxLength: 1, format: .code, codeTable: "SFZJLX", sensitivity: .personal),
        DataElement(code: "SFZJH", identifier: "JCTB020112", name: "身份证件号", type: "C", maxLength: 20, format: .identityNumber, codeTable: nil, sensitivity: .sensitive),
        DataElement(code: "RXNY", identifier: "JCXS020101", name: "入学年月", type: "C", maxLength: 6, format: .yearMonth, codeTable: nil, sensitivity: .internal),
        DataElement(code: "YDDH", identifier: "", name: "移动电话", type: "C", maxLength: 11, format: .mobile, codeTable: nil, sensitivity: .personal),
        DataElement(code: "DZYX", identifier: "", name: "电子信箱", type: "C", maxLength: 40, format: .email, codeTable: nil, sensitivity: .personal),
        DataElement(code: "BJMC", identifier: "JCXX020002", name: "班级名称", type: "C", maxLength: 20, format: .text, codeTable: nil, sensitivity: .public),
    ]

    static let student = EntityDefinition(name: "student", title: "学生", key: "XH", required: ["XH", "XM", "XBM", "CSRQ"],
                                          optional: ["MZM", "SFZJLXM", "SFZJH", "RXNY", "YDDH", "DZYX", "BJMC"])

    static let catalogue = StandardsCatalogue(elements: elements, codeTables: [xb, mz, sfzjlx], entities: [student])

    static func element(_ code: String) -> DataElement {
        elements.first { $0.code == code } ?? elements[0]
    }
}
