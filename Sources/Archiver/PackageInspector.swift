import Archiving
import Foundation
import HubCrypto
import XMLReader

/// Reads an archival package back, as a stream, into `PackageFacts`: its metadata, each document
/// as declared and as its encoded data actually decodes, the process steps, and whether the
/// signature holds over the signed object's exact bytes (a second pass over that byte range).
public struct PackageInspector {
    public let signingKey: HMACKey

    public init(signingKey: HMACKey) { self.signingKey = signingKey }

    /// The facts of the package at `path`, and the digest of its process steps.
    public func inspect(_ path: String) throws -> (facts: PackageFacts, stepsDigest: String) {
        let reader = PackageReading()
        do {
            try XMLStreamReader.read(file: path, handler: reader)
        } catch {
            throw InspectionError.unreadable(error.description)
        }
        var facts = reader.facts
        if let range = reader.signedRange, var signature = facts.signature, let digest = try IncrementalDigest.hex(.sm3, file: path, range: range) {
            signature.holds = signature.value.map { ConstantTime.equal(signingKey.hex(digest), $0) } ?? false
            facts.signature = signature
        }
        let steps = IncrementalDigest.hex(.sm3, bytes: Array(StepsFingerprint.text(StepsFingerprint.steps(of: facts)).utf8)) ?? ""
        return (facts, steps)
    }

    public enum InspectionError: Error, CustomStringConvertible {
        case unreadable(String)

        public var description: String {
            switch self {
            case let .unreadable(reason): "the package is not well-formed XML (\(reason)); it cannot be checked"
            }
        }
    }
}

/// The streaming handler behind `PackageInspector`.
final class PackageReading: XMLEventHandler {
    private(set) var facts = PackageFacts()
    private(set) var signedRange: Range<Int>?
    private var signedStart: Int?
    private var stack: [String] = []
    private var text = ""
    private var document: DocumentFacts?
    private var digestAlgorithm: String?
    private var step: StepFacts?
    private var scanner: ContentScanner?
    private var base64 = Base64Stream()
    private var signatureValue: String?
    private var signatureAlgorithm: String?

    private static let fileEntityPath = ["电子文件封装包", "被签名对象", "封装内容", "文件实体块", "文件实体"]
    private static let signedObjectEnd = "</被签名对象>".utf8.count

    func startElement(_ name: String, attributes: [(name: String, value: String)], offset: Int) {
        let attribute = { (key: String) in attributes.first { $0.name == key }?.value ?? "" }
        stack.append(name)
        text = ""
        switch name {
        case "被签名对象": signedStart = offset
        case "文档": document = DocumentFacts(id: attribute("文档标识符"))
        case "编码数据":
            scanner = ContentScanner()
            base64 = Base64Stream()
        case "业务实体": step = StepFacts(id: attribute("业务标识符"))
        case "机构人员实体": facts.agentIDs.append(attribute("机构人员标识符"))
        default: break
        }
        if !PackageElements.known.contains(name) { facts.unexpected.append(name) }
    }

    func text(_ piece: String) {
        if stack.last == "编码数据", let scanner {
            scanner.update(base64.decode(piece))
        } else {
            text += piece
        }
    }

    func endElement(_ name: String, offset: Int) {
        defer { stack.removeLast() }
        // A leaf's text exactly as written (an opinion may begin with a space); a container's is white space only.
        let value = text.allSatisfy(\.isWhitespace) ? "" : text
        text = ""
        let parent = stack.dropLast().last
        switch (name, parent) {
        case ("被签名对象", _):
            if let start = signedStart { signedRange = start..<(offset + Self.signedObjectEnd) }
        case ("封装包类型", _): facts.packageType = value
        case ("封装包创建时间", _): facts.createdAt = value
        case ("文档序号", "文档"): document?.sequence = Int(value)
        case ("文档主从声明", "文档"): document?.role = value
        case ("题名", "文档"): document?.title = value
        case ("格式信息", "电子属性"): document?.format = value
        case ("计算机文件名", "电子属性"): document?.fileName = value
        case ("计算机文件大小", "电子属性"): document?.declaredSize = Int(value)
        case ("摘要算法", "数字摘要"): digestAlgorithm = value
        case ("摘要值", "数字摘要"): if let algorithm = digestAlgorithm { document?.declaredDigests[algorithm] = value }
        case ("编码数据", _):
            if let scanner { document?.content = scanner.finish(wellEncoded: base64.finish()) }
            scanner = nil
        case ("文档", _):
            if let document { facts.documents.append(document) }
            document = nil
        case ("机构人员标识符", "业务实体"): step?.agentID = value
        case ("业务行为", "业务实体"): step?.action = value
        case ("行为时间", "业务实体"): step?.at = value
        case ("行为描述", "业务实体"): step?.opinion = value
        case ("业务实体", _):
            if let step { facts.steps.append(step) }
            step = nil
        case ("签名结果", "电子签名"): signatureValue = value
        case ("签名算法标识", "电子签名"): signatureAlgorithm = value
        case ("电子签名", _): facts.signature = SignatureFacts(value: signatureValue, algorithm: signatureAlgorithm, holds: false)
        default:
            // A metadata leaf of the file entity, by its path below 文件实体 (not inside 文件数据).
            let path = Array(stack)
            if path.count > Self.fileEntityPath.count, Array(path.prefix(Self.fileEntityPath.count)) == Self.fileEntityPath,
               !path.contains("文件数据"), !value.isEmpty {
                facts.metadata[path.dropFirst(Self.fileEntityPath.count).joined(separator: "/")] = value
            }
        }
    }
}

/// Every element name a CampusHub package has (the schema's), so an element slipped in is named.
enum PackageElements {
    static let known: Set<String> = [
        "电子文件封装包", "封装包格式描述", "版本", "被签名对象", "封装包类型", "封装包类型描述", "封装包创建时间", "封装包创建单位", "封装内容",
        "文件实体块", "文件实体", "聚合层次", "来源", "档案馆名称", "档案馆代码", "全宗名称", "立档单位名称", "电子文件号", "档号", "全宗号",
        "档案门类代码", "年度", "保管期限", "机构或问题", "件号", "内容描述", "题名", "摘要", "责任者", "日期", "文种", "密级", "办件编号",
        "办理事项", "办理结果", "形式特征", "文件组合类型", "件数", "语种", "存储位置", "当前位置", "权限管理", "控制标识", "信息系统描述",
        "文件数据", "文档", "文档序号", "文档主从声明", "文档数据", "编码", "电子属性", "格式信息", "计算机文件名", "计算机文件大小",
        "文档创建程序", "数字摘要", "摘要算法", "摘要值", "编码描述", "反编码关键字", "编码数据", "业务实体块", "业务实体", "机构人员标识符",
        "文件标识符", "业务状态", "业务行为", "行为时间", "行为依据", "行为描述", "机构人员实体块", "机构人员实体", "机构人员类型",
        "机构人员名称", "机构人员代码", "个人职位", "电子签名块", "电子签名", "签名规则", "签名时间", "签名人", "签名结果", "签名算法标识",
    ]
}
