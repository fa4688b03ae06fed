import Archiving
import HubCore

/// Loads `standards/archiving.json`: how finished service-hall cases are archived. Optional:
/// without it the hub archives nothing (and refuses cases).
struct ArchivingLoader {
    let files: WorkspaceFiles

    static let file = "standards/archiving.json"

    func load() -> ArchivingRules? {
        guard files.exists(Self.file), let root = files.json(Self.file, missingFix: ""),
              root.isObject(fix: "write {\"holder\": ..., \"category\": \"WS\", \"numbering\": ..., \"retentions\": ..., \"formats\": ..., \"items\": ...}") else { return nil }
        root.allowOnly(["standard", "note", "holder", "category", "numbering", "retentions", "formats", "limits", "items"])
        let holder = self.holder(root["holder"], in: root)
        let category = root.string("category", fix: "write the archive category code (档案门类代码), e.g. \"WS\" for 文书")
        let numbering = self.numbering(root["numbering"], in: root)
        let retentions = self.retentions(root)
        let formats = self.formats(root)
        let limits = self.limits(root["limits"])
        let items = self.items(root, retentions: retentions)
        guard let holder, let category, let numbering else { return nil }
        return ArchivingRules(holder: holder, category: category, numbering: numbering, retentions: retentions, formats: formats,
                              limits: limits, items: items)
    }

    private func holder(_ node: ConfigNode?, in root: ConfigNode) -> ArchivingRules.Holder? {
        let fix = "write {\"archiveName\", \"archiveCode\", \"fondsCode\", \"fondsName\", \"creator\"}"
        guard let node else {
            root.problem("\"holder\" is missing", at: "holder", fix: fix)
            return nil
        }
        guard node.isObject(fix: fix) else { return nil }
        node.allowOnly(["archiveName", "archiveCode", "fondsCode", "fondsName", "creator"])
        let archiveName = node.string("archiveName", fix: "the archive's name (档案馆名称)")
        let archiveCode = node.string("archiveCode", fix: "the archive's code (档案馆代码)")
        let fondsCode = node.string("fondsCode", fix: "the fonds number (全宗号) the archive gave the college")
        let fondsName = node.string("fondsName", fix: "the fonds name (全宗名称), usually the college's name")
        let creator = node.string("creator", fix: "the creating unit (立档单位名称)")
        guard let archiveName, let archiveCode, let fondsCode, let fondsName, let creator else { return nil }
        return ArchivingRules.Holder(archiveName: archiveName, archiveCode: archiveCode, fondsCode: fondsCode, fondsName: fondsName, creator: creator)
    }

    private func numbering(_ node: ConfigNode?, in root: ConfigNode) -> ArchiveNumberPattern? {
        let fix = "write {\"pattern\": \"{fonds}-{category}·{year}-{retention}-{unit}-{serial}\", \"serialDigits\": 4}"
        guard let node else {
            root.problem("\"numbering\" is missing", at: "numbering", fix: fix)
            return nil
        }
        guard node.isObject(fix: fix) else { return nil }
        node.allowOnly(["pattern", "serialDigits"])
        guard let pattern = node.string("pattern", fix: fix) else { return nil }
        switch ArchiveNumberPattern.parse(pattern, serialDigits: node.int("serialDigits", in: 1...8, fix: "write a width from 1 to 8, e.g. 4") ?? 4) {
        case let .success(parsed): return parsed
        case let .failure(problem):
            node.problem("the archive number pattern is not usable: \(problem)", at: "pattern", fix: fix)
            return nil
        }
    }

    private func retentions(_ root: ConfigNode) -> [RetentionPeriod] {
        let fix = "list them: [{\"code\": \"Y\", \"name\": \"永久\"}, {\"code\": \"D30\", \"name\": \"30年\", \"years\": 30}]"
        var periods: [RetentionPeriod] = []
        for node in root.array("retentions", fix: fix) ?? [] {
            guard node.isObject(fix: fix) else { continue }
            node.allowOnly(["code", "name", "years"])
            guard let code = node.string("code", fix: fix), let name = node.string("name", fix: fix) else { continue }
            guard !periods.contains(where: { $0.code == code }) else {
                node.problem("retention code \"\(code)\" is listed twice", at: "code", fix: "keep one entry per code")
                continue
            }
            periods.append(RetentionPeriod(code: code, name: name, years: node.int("years", in: 1...100, fix: "write the years, or leave \"years\" out for 永久")))
        }
        return periods
    }

    private func formats(_ root: ConfigNode) -> [FileFormat] {
        let fix = "list them: [{\"mediaType\": \"application/pdf\", \"name\": \"PDF\", \"extensions\": [\"pdf\"], \"signatures\": [\"255044462d\"]}]"
        var formats: [FileFormat] = []
        for node in root.array("formats", fix: fix) ?? [] {
            guard node.isObject(fix: fix) else { continue }
            node.allowOnly(["mediaType", "name", "extensions", "signatures"])
            guard let mediaType = node.string("mediaType", fix: fix), let name = node.string("name", fix: fix),
                  let extensions = node.strings("extensions", fix: fix) else { continue }
            let signatures = (node.strings("signatures", required: false, fix: "write the first bytes as hex, e.g. \"255044462d\" for %PDF-") ?? [])
                .compactMap { hex -> [UInt8]? in
                    guard let bytes = Self.bytes(hex: hex) else {
                        node.problem("signature \"\(hex)\" is not hex bytes", at: "signatures", fix: "write pairs of hex digits, e.g. \"255044462d\"")
                        return nil
                    }
                    return bytes
                }
            guard !formats.contains(where: { $0.mediaType == mediaType }) else {
                node.problem("media type \"\(mediaType)\" is listed twice", at: "mediaType", fix: "keep one entry per media type")
                continue
            }
            formats.append(FileFormat(mediaType: mediaType, name: name, extensions: extensions, signatures: signatures))
        }
        return formats
    }

    private func limits(_ node: ConfigNode?) -> ArchivingRules.Limits {
        let defaults = ArchivingRules.Limits(attachmentBytes: 20 << 20, attachments: 20)
        guard let node, node.isObject(fix: "write {\"attachmentBytes\": 20971520, \"attachments\": 20}") else { return defaults }
        node.allowOnly(["attachmentBytes", "attachments"])
        return ArchivingRules.Limits(attachmentBytes: node.int("attachmentBytes", in: 1...(1 << 30), fix: "write a size in bytes up to 1 GiB") ?? defaults.attachmentBytes,
                                     attachments: node.int("attachments", in: 0...200, fix: "write a number from 0 to 200") ?? defaults.attachments)
    }

    private func items(_ root: ConfigNode, retentions: [RetentionPeriod]) -> [String: ServiceItemRule] {
        let fix = "list them: [{\"item\": \"student-leave\", \"title\": \"学生请假申请\", \"retention\": \"D10\", \"unit\": \"XSC\", \"unitName\": \"学生工作处\", \"security\": \"公开\", \"documentType\": \"申请表\"}]"
        var items: [String: ServiceItemRule] = [:]
        for node in root.array("items", fix: fix) ?? [] {
            guard node.isObject(fix: fix) else { continue }
            node.allowOnly(["item", "title", "retention", "unit", "unitName", "security", "documentType", "note"])
            guard let item = node.string("item", fix: fix), let title = node.string("title", fix: fix),
                  let retention = node.string("retention", fix: fix), let unit = node.string("unit", fix: fix),
                  let unitName = node.string("unitName", fix: fix), let security = node.string("security", fix: fix),
                  let documentType = node.string("documentType", fix: fix) else { continue }
            guard retentions.contains(where: { $0.code == retention }) else {
                node.problem("unknown retention \"\(retention)\"", at: "retention",
                             fix: "use one of the codes under \"retentions\": \(retentions.map(\.code).joined(separator: ", "))")
                continue
            }
            guard items[item] == nil else {
                node.problem("service item \"\(item)\" is listed twice", at: "item", fix: "keep one entry per service item")
                continue
            }
            items[item] = ServiceItemRule(item: item, title: title, retention: retention, unit: unit, unitName: unitName, security: security,
                                          documentType: documentType)
        }
        return items
    }

    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}
