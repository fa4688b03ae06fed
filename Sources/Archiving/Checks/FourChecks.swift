/// The four properties DA/T 70-2018 checks an electronic record for (四性检测).
public enum ArchivalProperty: String, Sendable, CaseIterable {
    case authenticity = "真实性"
    case integrity = "完整性"
    case usability = "可用性"
    case security = "安全性"
}

/// One check item's outcome: which property, which item (a document, an element, the
/// signature), and why it failed (empty when it passed).
public struct CheckFinding: Sendable, Equatable, CustomStringConvertible {
    public let property: ArchivalProperty
    public let item: String
    public let problem: String?

    public init(property: ArchivalProperty, item: String, problem: String?) {
        self.property = property
        self.item = item
        self.problem = problem
    }

    public var passed: Bool { problem == nil }
    public var description: String { "\(property.rawValue) \(item): \(problem ?? "通过")" }
}

/// DA/T 70-2018's four checks of a package at archiving (归档) and again at handover (移交):
/// authenticity (the signature, each file's digests and size, metadata agreeing with the content
/// and with what the hub recorded at intake), integrity (required metadata, every document and
/// step present and numbered without gaps), usability (formats on the archive's list, files that
/// open, nothing encrypted) and security (no executable or active content; at handover, an
/// authenticated channel). Pure: the inspector gathers the facts.
public struct FourChecks: Sendable {
    /// What the hub knows independently of the package.
    public struct Expectations: Sendable {
        /// The archive number the store gave the case.
        public var archiveNumber: String?
        /// The case number (办件编号) the package must be about.
        public var caseID: String?
        /// The digest of the process steps recorded with the case's intake audit entry.
        public var stepsDigest: String?
        /// The digest of the package's process steps, as the inspector computed it.
        public var packageStepsDigest: String?
        /// At handover: the channel the package goes over is authenticated (nil at archiving).
        public var channelAuthenticated: Bool?

        public init(archiveNumber: String? = nil, caseID: String? = nil, stepsDigest: String? = nil, packageStepsDigest: String? = nil,
                    channelAuthenticated: Bool? = nil) {
            self.archiveNumber = archiveNumber
            self.caseID = caseID
            self.stepsDigest = stepsDigest
            self.packageStepsDigest = packageStepsDigest
            self.channelAuthenticated = channelAuthenticated
        }
    }

    /// The metadata every package must carry (DA/T 46-2009's mandatory elements for a 件).
    public static let requiredMetadata = ["聚合层次", "来源/档案馆名称", "来源/全宗名称", "来源/立档单位名称", "电子文件号", "档号/档号", "档号/全宗号",
                                          "档号/年度", "档号/保管期限", "档号/件号", "内容描述/题名", "内容描述/责任者", "内容描述/日期",
                                          "内容描述/密级", "内容描述/办件编号", "形式特征/件数"]

    public let rules: ArchivingRules

    public init(rules: ArchivingRules) { self.rules = rules }

    public func run(_ facts: PackageFacts, expecting expected: Expectations) -> [CheckFinding] {
        authenticity(facts, expected) + integrity(facts) + usability(facts) + security(facts, expected)
    }

    private func authenticity(_ facts: PackageFacts, _ expected: Expectations) -> [CheckFinding] {
        var found: [CheckFinding] = []
        let signature = facts.signature
        found.append(finding(.authenticity, "电子签名", signature == nil ? "封装包没有电子签名"
                             : signature?.holds == true ? nil : "签名与被签名对象不符：封装包在签名之后被改动过"))
        for document in facts.documents {
            guard let content = document.content else { continue }
            for (algorithm, actual) in [("SM3", content.sm3), ("SHA-256", content.sha256)] {
                let declared = document.declaredDigests[algorithm]
                found.append(finding(.authenticity, "\(document.id) \(algorithm) 摘要", declared == nil ? "没有记录 \(algorithm) 摘要"
                                     : declared == actual ? nil : "内容的 \(algorithm) 摘要与记录不符"))
            }
            found.append(finding(.authenticity, "\(document.id) 大小", document.declaredSize == content.size ? nil
                                 : "内容 \(content.size) 字节，记录为 \(document.declaredSize.map(String.init) ?? "无")"))
        }
        if let number = expected.archiveNumber {
            found.append(finding(.authenticity, "档号", facts.metadata["档号/档号"] == number ? nil : "档号与登记的 \(number) 不符"))
        }
        if let composed = composedNumber(facts) {
            found.append(finding(.authenticity, "档号构成", facts.metadata["档号/档号"] == composed ? nil : "档号与其全宗号、年度、保管期限、机构、件号不一致（应为 \(composed)）"))
        }
        if let caseID = expected.caseID {
            found.append(finding(.authenticity, "办件编号", facts.metadata["内容描述/办件编号"] == caseID ? nil : "办件编号与登记的办件不符"))
        }
        if let recorded = expected.stepsDigest {
            found.append(finding(.authenticity, "办理过程", expected.packageStepsDigest == recorded ? nil
                                 : "办理过程（业务实体）与受理时审计日志记录的不一致：步骤被增删、改动或调换了顺序"))
        }
        return found
    }

    /// The archive number the package's own parts make under the rules' pattern.
    private func composedNumber(_ facts: PackageFacts) -> String? {
        let m = facts.metadata
        guard let fonds = m["档号/全宗号"], let category = m["档号/档案门类代码"], let yearText = m["档号/年度"], let year = Int(yearText),
              let retentionName = m["档号/保管期限"], let retention = rules.retentions.first(where: { $0.name == retentionName }),
              let unitName = m["档号/机构或问题"], let unit = rules.items.values.first(where: { $0.unitName == unitName })?.unit,
              let serialText = m["档号/件号"], let serial = Int(serialText) else { return nil }
        return rules.numbering.number(.init(fonds: fonds, category: category, year: year, retention: retention.code, unit: unit), serial: serial)
    }

    private func integrity(_ facts: PackageFacts) -> [CheckFinding] {
        var found = Self.requiredMetadata.map { path in
            finding(.integrity, "元数据 \(path.split(separator: "/").joined(separator: "·"))", (facts.metadata[path] ?? "").isEmpty ? "必备元数据缺失或为空" : nil)
        }
        let count = facts.documents.count
        found.append(finding(.integrity, "件数", facts.metadata["形式特征/件数"] == String(count) ? nil
                             : "记录件数 \(facts.metadata["形式特征/件数"] ?? "无")，封装包内有 \(count) 个文档"))
        let sequences = facts.documents.compactMap(\.sequence)
        found.append(finding(.integrity, "文档序号", count == 0 ? "封装包内没有文档" : sequences == Array(1...count) ? nil
                             : "文档序号应为 1 至 \(count) 连续不重复，实际为 \(sequences.map(String.init).joined(separator: ","))"))
        found.append(finding(.integrity, "主件", facts.documents.first?.role == "主件" ? nil : "第一个文档不是主件"))
        for document in facts.documents {
            found.append(finding(.integrity, "\(document.id) 内容", document.content == nil ? "文档没有编码数据（附件缺失）" : nil))
        }
        let stepIDs = facts.steps.map(\.id)
        let expectedIDs = (0..<facts.steps.count).map { "B\($0 + 1)" }
        found.append(finding(.integrity, "办理步骤", facts.steps.isEmpty ? "没有办理过程（业务实体）"
                             : stepIDs == expectedIDs ? nil : "业务实体编号应为 B1 至 B\(facts.steps.count) 连续，实际为 \(stepIDs.joined(separator: ","))"))
        for step in facts.steps where step.agentID.map({ !facts.agentIDs.contains($0) }) ?? true {
            found.append(finding(.integrity, "\(step.id) 责任人", "业务实体引用的机构人员不在机构人员实体块中"))
        }
        for element in facts.unexpected {
            found.append(finding(.integrity, element, "不在封装包结构中的元素"))
        }
        return found
    }

    private func usability(_ facts: PackageFacts) -> [CheckFinding] {
        var found: [CheckFinding] = []
        for document in facts.documents {
            let format = rules.formats.first { $0.name == document.format }
            found.append(finding(.usability, "\(document.id) 格式", format == nil ? "格式 \(document.format ?? "未记录") 不在档案馆接收的格式之列" : nil))
            guard let content = document.content else { continue }
            found.append(finding(.usability, "\(document.id) 编码", content.wellEncoded ? nil : "Base64 编码数据无法还原"))
            if let format {
                found.append(finding(.usability, "\(document.id) 可打开", format.matches(head: content.head) ? nil : "文件头与 \(format.name) 格式不符，无法按该格式打开"))
            }
            let encrypted = content.markers.intersection([.encryptedPDF, .encryptedZip])
            found.append(finding(.usability, "\(document.id) 未加密", encrypted.isEmpty ? nil : "文件已加密（\(encrypted.map(\.rawValue).sorted().joined(separator: ", "))），长期保存中无法读取"))
        }
        return found
    }

    private func security(_ facts: PackageFacts, _ expected: Expectations) -> [CheckFinding] {
        var found: [CheckFinding] = facts.documents.compactMap { document in
            guard let content = document.content else { return nil }
            let active = content.markers.intersection([.executable, .javaScript, .shortJavaScript, .launch])
            return finding(.security, "\(document.id) 无可执行内容", active.isEmpty ? nil : "含可执行或活动内容（\(active.map(\.rawValue).sorted().joined(separator: ", "))）")
        }
        if let channel = expected.channelAuthenticated {
            found.append(finding(.security, "移交通道", channel ? nil : "移交通道未经认证（应使用 HTTPS 并签名，或本机投递目录）"))
        }
        return found
    }

    private func finding(_ property: ArchivalProperty, _ item: String, _ problem: String?) -> CheckFinding {
        CheckFinding(property: property, item: item, problem: problem)
    }
}
