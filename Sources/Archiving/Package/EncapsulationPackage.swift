/// A case's electronic-file encapsulation package (电子文件封装包) as DA/T 48-2009 structures it:
/// the format description and version; the signed object (被签名对象) holding the package type,
/// its creation, and the content — the file entity with its DA/T 46-2009 metadata and the
/// documents' encoded data (文件实体块), the business entities (业务实体块: each process step) and
/// the agent entities (机构人员实体块: the applicant, each actor, the responsible unit); then the
/// signature block (电子签名块) over the signed object.
///
/// Written as a stream: `writeSignedObject` hands the text to `emit` piece by piece and has
/// `content` write each document's base64 lines (to the same output) in between, so a package with
/// large attachments is never whole in memory. The same inputs always give the same bytes.
public struct EncapsulationPackage: Sendable {
    public let metadata: PackageMetadata

    public init(metadata: PackageMetadata) { self.metadata = metadata }

    /// DA/T 48-2009's format description (封装包格式描述) and version.
    public static let formatDescription = "本EEP根据中华人民共和国档案行业标准DA/T 48-2009《基于XML的电子文件封装规范》生成"
    public static let version = "2009"
    /// What the encoding description (编码描述) says of 编码数据.
    static let encodingDescription = "本封装包中“编码数据”元素存储的是计算机文件二进制流的Base64编码，有关Base64编码规则参见IETF RFC 2045多用途邮件扩展（MIME）第一部分：互联网信息体格式。当提取和显现封装在编码数据元素中的计算机文件时，应对Base64编码进行反编码，并依据封装包中“反编码关键字”元素中记录的值还原计算机文件的扩展名"

    /// The XML declaration and the package's opening, up to the signed object.
    public var opening: String {
        var xml = XMLBuilder(depth: 1)
        xml.leaf("封装包格式描述", Self.formatDescription)
        xml.leaf("版本", Self.version)
        // The signed object's indentation is written here: its bytes start at its "<".
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<电子文件封装包>\n" + xml.text + "  "
    }

    /// The signed object, from its start tag to its end tag: the bytes the signature covers.
    public func writeSignedObject(emit: (String) throws -> Void,
                                  content: (PackagedDocument) throws -> Void) rethrows {
        let m = metadata
        var head = XMLBuilder(depth: 2)
        head.leaf("封装包类型", "原始型")
        head.leaf("封装包类型描述", "本封装包包含电子文件数据及其元数据，原始封装，未经修改")
        head.leaf("封装包创建时间", m.createdAt)
        head.leaf("封装包创建单位", m.holder.creator)
        head.open("封装内容")
        head.open("文件实体块")
        head.open("文件实体")
        fileEntityMetadata(&head)
        head.open("文件数据")
        try emit("<被签名对象 eep版本=\"\(Self.version)\">\n" + head.text)
        for document in m.documents {
            var opening = XMLBuilder(depth: 7)
            opening.open("文档", [("文档标识符", document.id)])
            opening.leaf("文档序号", String(document.sequence))
            opening.leaf("文档主从声明", document.role.rawValue)
            opening.leaf("题名", document.title)
            opening.open("文档数据", [("文档数据标识符", "\(document.id)-1")])
            opening.open("编码", [("编码标识符", "\(document.id)-1-1")])
            opening.group("电子属性") { e in
                e.leaf("格式信息", document.format)
                e.leaf("计算机文件名", document.fileName)
                e.leaf("计算机文件大小", String(document.size))
                e.leaf("文档创建程序", m.system)
            }
            opening.group("数字摘要") { d in
                d.leaf("摘要算法", "SM3")
                d.leaf("摘要值", document.sm3)
            }
            opening.group("数字摘要") { d in
                d.leaf("摘要算法", "SHA-256")
                d.leaf("摘要值", document.sha256)
            }
            opening.leaf("编码描述", Self.encodingDescription)
            opening.leaf("反编码关键字", String(document.fileName.split(separator: ".").last ?? "bin"))
            try emit(opening.text + opening.indent + "<编码数据>")
            try content(document)
            var closing = XMLBuilder(depth: 10)
            closing.close("编码")
            closing.close("文档数据")
            closing.close("文档")
            try emit("</编码数据>\n" + closing.text)
        }
        var tail = XMLBuilder(depth: 6)
        tail.close("文件数据")
        tail.close("文件实体")
        tail.close("文件实体块")
        businessEntities(&tail)
        agentEntities(&tail)
        tail.close("封装内容")
        try emit(tail.text + "  </被签名对象>")
    }

    /// The signature block over the signed object, and the package's end.
    public func closing(_ signature: PackageSignature) -> String {
        var xml = XMLBuilder(depth: 1)
        xml.group("电子签名块") { block in
            block.group("电子签名", [("签名标识符", signature.id)]) { s in
                s.leaf("签名规则", signature.rule)
                s.leaf("签名时间", signature.time)
                s.leaf("签名人", signature.signer)
                s.leaf("签名结果", signature.value)
                s.leaf("签名算法标识", signature.algorithm)
            }
        }
        return "\n" + xml.text + "</电子文件封装包>\n"
    }

    /// DA/T 46-2009's metadata of the file entity (aggregation level, provenance, file number,
    /// archive number, content description, form, storage, rights, note).
    private func fileEntityMetadata(_ xml: inout XMLBuilder) {
        let m = metadata
        xml.leaf("聚合层次", "件")
        xml.group("来源") { s in
            s.leaf("档案馆名称", m.holder.archiveName)
            s.leaf("档案馆代码", m.holder.archiveCode)
            s.leaf("全宗名称", m.holder.fondsName)
            s.leaf("立档单位名称", m.holder.creator)
        }
        xml.leaf("电子文件号", m.packageID)
        xml.group("档号") { n in
            n.leaf("档号", m.archiveNumber)
            n.leaf("全宗号", m.group.fonds)
            n.leaf("档案门类代码", m.group.category)
            n.leaf("年度", String(m.group.year))
            n.leaf("保管期限", m.retention.name)
            n.leaf("机构或问题", m.item.unitName)
            n.leaf("件号", String(m.serial))
        }
        xml.group("内容描述") { c in
            c.leaf("题名", m.title)
            c.leaf("摘要", m.serviceCase.result.summary)
            c.leaf("责任者", m.item.unitName)
            c.leaf("日期", m.date)
            c.leaf("文种", m.item.documentType)
            c.leaf("密级", m.item.security)
            c.leaf("办件编号", m.serviceCase.id)
            c.leaf("办理事项", m.item.title)
            c.leaf("办理结果", m.serviceCase.result.outcome)
        }
        xml.group("形式特征") { f in
            f.leaf("文件组合类型", m.documents.count > 1 ? "组合文件" : "单件")
            f.leaf("件数", String(m.documents.count))
            f.leaf("语种", "汉语")
        }
        xml.group("存储位置") { $0.leaf("当前位置", m.system) }
        xml.group("权限管理") { $0.leaf("控制标识", m.item.security == "公开" ? "开放" : "控制") }
        xml.leaf("信息系统描述", m.system)
    }

    /// One business entity per process step (业务状态, 业务行为, 行为时间, 行为依据, 行为描述).
    private func businessEntities(_ xml: inout XMLBuilder) {
        let m = metadata
        xml.group("业务实体块") { block in
            for step in m.serviceCase.steps {
                block.group("业务实体", [("业务标识符", "B\(step.sequence)")]) { b in
                    b.leaf("机构人员标识符", "A\(step.sequence + 1)")
                    b.leaf("文件标识符", m.packageID)
                    b.leaf("业务状态", "办理")
                    b.leaf("业务行为", step.action)
                    b.leaf("行为时间", step.at)
                    b.leaf("行为依据", m.item.title)
                    b.leaf("行为描述", step.opinion)
                }
            }
        }
    }

    /// The responsible unit (A1) and each step's actor (A2, A3, ...).
    private func agentEntities(_ xml: inout XMLBuilder) {
        let m = metadata
        xml.group("机构人员实体块") { block in
            block.group("机构人员实体", [("机构人员标识符", "A1")]) { a in
                a.leaf("机构人员类型", "内设机构")
                a.leaf("机构人员名称", m.item.unitName)
                a.leaf("机构人员代码", m.item.unit)
            }
            for step in m.serviceCase.steps {
                block.group("机构人员实体", [("机构人员标识符", "A\(step.sequence + 1)")]) { a in
                    a.leaf("机构人员类型", "个人")
                    a.leaf("机构人员名称", step.actor)
                    a.leaf("机构人员代码", step.actorID)
                    a.leaf("个人职位", step.role)
                }
            }
        }
    }
}

/// Everything a package says but its files' bytes.
public struct PackageMetadata: Sendable {
    public let serviceCase: ServiceCase
    public let item: ServiceItemRule
    public let holder: ArchivingRules.Holder
    public let retention: RetentionPeriod
    public let archiveNumber: String
    public let group: ArchiveNumberPattern.Group
    public let serial: Int
    /// 电子文件号: the package's id, unique and stable (the handover is idempotent by it).
    public let packageID: String
    public let title: String
    /// When the package was made (ISO 8601 with the college's offset) and the case's date (its
    /// finishing day in the college's time zone, YYYY-MM-DD).
    public let createdAt: String
    public let date: String
    public let documents: [PackagedDocument]
    /// The system that made the package, e.g. "CampusHub 0.9".
    public let system: String

    public init(serviceCase: ServiceCase, item: ServiceItemRule, holder: ArchivingRules.Holder, retention: RetentionPeriod, archiveNumber: String,
                group: ArchiveNumberPattern.Group, serial: Int, packageID: String, title: String, createdAt: String, date: String,
                documents: [PackagedDocument], system: String) {
        self.serviceCase = serviceCase
        self.item = item
        self.holder = holder
        self.retention = retention
        self.archiveNumber = archiveNumber
        self.group = group
        self.serial = serial
        self.packageID = packageID
        self.title = title
        self.createdAt = createdAt
        self.date = date
        self.documents = documents
        self.system = system
    }

    /// A case's title (题名): the service item and the applicant, e.g. 学生请假申请（张三）.
    public static func title(item: ServiceItemRule, applicant: CaseSubject) -> String { "\(item.title)（\(applicant.name)）" }
}

/// The package's signature (DA/T 48-2009 电子签名): by the hub's installation key over the SM3
/// digest of the signed object's bytes.
public struct PackageSignature: Sendable, Equatable {
    public let id: String
    public let rule: String
    public let time: String
    public let signer: String
    public let algorithm: String
    public let value: String

    public init(id: String, rule: String, time: String, signer: String, algorithm: String, value: String) {
        self.id = id
        self.rule = rule
        self.time = time
        self.signer = signer
        self.algorithm = algorithm
        self.value = value
    }
}
