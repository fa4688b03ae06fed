import HubCore

/// Every text the operator console shows, per language: Simplified Chinese first (the college's
/// data stewards and IT officers), English selectable. Served as `/console/strings.js`; `{name}`
/// marks a value the page puts in. Element and code names are not here: they come from the
/// standards (`/v1/admin/standards`), as the standards name them.
enum ConsoleStrings {
    private static let coreZh: [String: String] = [
        "html.lang": "zh-CN", "title": "CampusHub 数据中心管理控制台",
        "nav.label": "页面", "nav.overview": "同步运行", "nav.quality": "数据质量", "nav.record": "主数据记录", "nav.preview": "映射预览",
        "nav.outbox": "回写队列", "nav.audit": "审计日志", "nav.access": "访问控制", "lang.label": "界面语言",
        "signout": "退出登录", "signin.title": "登录", "signin.intro": "请粘贴管理员令牌，令牌仅保存在当前浏览器标签页中。生成令牌：",
        "signin.token": "管理员令牌", "signin.submit": "登录", "signin.again": "请重新登录",
        "error.title": "出错了", "table.empty": "暂无数据", "duration.seconds": "{n} 秒", "duration.minutes": "{n} 分钟",
        "col.run": "运行号", "col.startedAt": "开始时间", "col.duration": "耗时", "col.state": "状态", "col.read": "读取",
        "col.inserted": "新增", "col.updated": "更新", "col.unchanged": "未变", "col.rejected": "隔离", "col.message": "说明",
        "col.row": "行号", "col.key": "主键", "col.element": "数据元", "col.rule": "校验规则", "col.value": "值", "col.reason": "原因",
        "col.name": "名称", "col.label": "代码名称", "col.source": "来源", "col.asOf": "取数时间", "col.writeback": "回写",
        "col.version": "版本", "col.changedAt": "变更时间", "col.changes": "变更内容", "col.kept": "采用值（权威来源）", "col.others": "其他来源的值",
        "col.since": "发现时间", "col.outcome": "结果", "col.sourceRow": "源数据行", "col.normalised": "标准化后的记录", "col.issues": "问题",
        "col.id": "编号", "col.target": "目标系统", "col.subject": "对象", "col.attempts": "尝试次数", "col.accepted": "受理时间",
        "col.lastError": "最近一次错误", "col.seq": "序号", "col.at": "时间", "col.actor": "操作方", "col.action": "操作", "col.purpose": "用途",
        "col.fields": "字段", "col.title": "显示名称", "col.department": "所属部门", "col.admin": "管理员", "col.origins": "允许的浏览器来源",
        "col.consumer": "消费方", "col.createdAt": "创建时间", "col.expiresAt": "到期时间", "col.entity": "实体", "col.rows": "数据范围",
        "col.purposes": "用途", "col.forms": "表单", "col.valid": "有效性",
        "overview.title": "同步运行", "overview.records": "{entity}记录数", "overview.never": "尚未运行", "overview.quality": "数据质量",
        "overview.preview": "映射预览", "legend.read": "读取行数", "legend.rejected": "隔离行数",
        "chart.runs": "{stream}：每次运行读取与隔离的行数", "chart.run": "第 {run} 次运行（{at}）：读取 {read} 行，隔离 {rejected} 行",
        "chart.issues": "按数据元与校验规则统计的问题",
        "quality.title": "数据质量", "quality.stream": "数据流", "quality.none": "尚无运行记录，请先执行 campushub sync --all。",
        "quality.summary": "{stream} 第 {run} 次运行（{at}）：读取 {read} 行，隔离 {rejected} 行。", "quality.clean": "本次运行未违反任何校验规则。",
        "quality.behind": "{label} 涉及的数据行（{n}）",
        "record.lookup": "主数据记录查询", "record.entity": "实体", "record.key": "主键", "record.keyHint": "学号 XH、工号 GH、单位号 DWH…",
        "record.show": "查询", "record.meta": "版本 {version}，创建于 {created}，更新于 {updated}", "record.inactive": "（已停用：来源系统不再提供此记录）",
        "record.person": "自然人 {id}：", "record.fields": "字段及来源", "record.conflicts": "来源冲突", "record.agree": "各来源数据一致",
        "record.versions": "历史版本",
        "preview.title": "映射预览", "preview.stream": "数据流", "preview.rows": "行数", "preview.submit": "预览",
        "preview.summary": "{stream} → {entity}：源数据 {rows} 行，{records} 行将成为记录，{rejects} 行将被隔离。预览不写入任何数据。",
        "outbox.title": "回写队列", "outbox.oldest": "最久未投递", "outbox.dead": "死信（{n}）", "outbox.retry": "重新投递", "outbox.cancel": "撤销",
        "outbox.confirmRetry": "确定重新投递回写 {id}？", "outbox.confirmCancel": "确定撤销回写 {id}？", "outbox.noDead": "没有死信",
        "outbox.newest": "最新回写", "outbox.none": "尚无回写",
        "audit.title": "审计日志", "audit.consumer": "消费方", "audit.subject": "对象", "audit.action": "操作", "audit.search": "查询",
        "audit.intact": "哈希链完整：共 {entries} 条，最新一条为第 {seq} 条（{at}），MAC {mac}…",
        "audit.checkpoint": "；与 {at} 的检查点（截至第 {seq} 条）一致", "audit.none": "没有符合条件的审计记录",
        "access.title": "消费方、令牌与共享策略", "access.consumers": "消费方", "access.tokens": "访问令牌", "access.policies": "共享策略",
        "access.yes": "是", "access.never": "永不过期", "access.all": "全部",
        "state.running": "运行中", "state.succeeded": "成功", "state.failed": "失败", "state.pending": "待投递", "state.leased": "投递中",
        "state.retry_wait": "等待重试", "state.delivered": "已投递", "state.dead": "死信", "state.cancelled": "已撤销", "state.active": "有效",
        "state.revoked": "已吊销", "state.expired": "已过期", "state.ok": "正常", "state.broken": "已损坏", "state.warn": "警告",
        "state.reject": "隔离", "state.drop": "丢弃", "state.note": "已清洗", "state.rejected": "隔离", "state.warned": "警告",
        "state.dropped": "丢弃", "state.cleaned": "已清洗",
        "nav.connectors": "数据源", "connectors.title": "数据源（连接器）",
        "connectors.intro": "connectors/ 目录中的连接器文件。保存前会执行与 campushub check 相同的检查；每次保存都记入审计日志并保留历史版本。",
        "connectors.env": "环境变量 {name}", "connectors.file": "文件 {name}", "connectors.none": "尚无连接器",
        "connectors.saved": "已保存（ETag {etag}…）", "connectors.stale": "有人在你读取之后修改了这个文件，本次保存未生效。请重新加载后再修改。",
        "connectors.reload": "重新加载", "connectors.invalid": "已拒绝：这样改动后工作区将无法通过检查，文件未作任何改动。", "connectors.fix": "修正方法：",
        "connectors.add": "新增连接器（CSV 导出文件）", "connectors.addNote": "新建 connectors/名称.json；之后在映射页为其数据流建立映射。",
        "connectors.create": "创建", "connectors.save": "保存", "connectors.back": "← 全部数据源", "connectors.streams": "数据流",
        "connectors.edit": "修改", "connectors.secrets": "密钥引用",
        "connectors.secretsNote": "密钥只以环境变量名或文件路径的形式出现，密钥本身不在浏览器中输入，也不写入配置文件。",
        "connectors.badEnv": "环境变量名 {name} 无效：只能使用大写字母、数字和下划线，且不能以数字开头。",
        "connectors.field.title": "显示名称", "connectors.field.department": "所属部门", "connectors.field.env": "环境变量名",
        "connectors.field.file": "文件路径", "connectors.field.name": "名称（英文小写）", "connectors.field.stream": "数据流名称",
        "connectors.field.encoding": "文件编码", "connectors.test": "测试连接", "connectors.testing": "正在读取 {stream} 的数据源…",
        "connectors.testFailed": "{stream}：无法读取数据源。", "connectors.tested": "{stream}：连接成功，{columns} 列，前 {rows} 行如下（未写入任何数据）",
        "connectors.encoding": "文件编码：{encoding}", "connectors.remove": "删除此数据源",
        "connectors.removeNote": "仍被映射使用的数据源不能删除；删除后的版本保留在历史中，可以恢复。", "connectors.confirmRemove": "确定删除 {file}？",
        "col.kind": "类型", "col.streams": "数据流", "col.secrets": "密钥引用", "col.file": "配置文件", "col.etag": "ETag",
        "col.stream": "数据流", "col.where": "数据位置", "col.encoding": "编码", "col.mapping": "映射",
        "nav.mapping": "映射", "mapping.title": "映射编辑", "mapping.stream": "数据流", "mapping.none": "此数据流尚无映射文件。",
        "mapping.summary": "{stream}（{file}）→ {entity}：根据数据源前 {rows} 行给出建议，逐条采纳后保存。",
        "mapping.accept": "采纳 {element}", "mapping.save": "保存映射", "mapping.preview": "查看已保存映射的预览",
        "mapping.col.column": "源列", "mapping.col.samples": "样例值", "mapping.col.current": "当前映射", "mapping.col.suggested": "建议的数据元",
        "mapping.col.confidence": "置信度", "mapping.col.reason": "依据",
        "sample.title": "学生请假申请（示例表单）", "sample.note": "网上办事大厅表单示例：每个输入框对应一个数据元，由 /prefill.js 自动填写。",
    ]

    private static let coreEn: [String: String] = [
        "html.lang": "en", "title": "CampusHub console",
        "nav.label": "Pages", "nav.overview": "Sync runs", "nav.quality": "Data quality", "nav.record": "Golden records", "nav.preview": "Mapping preview",
        "nav.outbox": "Write-back outbox", "nav.audit": "Audit log", "nav.access": "Access control", "lang.label": "Interface language",
        "signout": "Sign out", "signin.title": "Sign in", "signin.intro": "Paste an admin token. It stays in this browser tab only. To make one:",
        "signin.token": "Admin token", "signin.submit": "Sign in", "signin.again": "Please sign in again",
        "error.title": "Something went wrong", "table.empty": "Nothing here", "duration.seconds": "{n} s", "duration.minutes": "{n} min",
        "col.run": "Run", "col.startedAt": "Started", "col.duration": "Duration", "col.state": "State", "col.read": "Read",
        "col.inserted": "Inserted", "col.updated": "Updated", "col.unchanged": "Unchanged", "col.rejected": "Rejected", "col.message": "Message",
        "col.row": "Row", "col.key": "Key", "col.element": "Element", "col.rule": "Rule", "col.value": "Value", "col.reason": "Reason",
        "col.name": "Name", "col.label": "Code name", "col.source": "Source", "col.asOf": "As of", "col.writeback": "Write-back",
        "col.version": "Version", "col.changedAt": "Changed", "col.changes": "Changes", "col.kept": "Kept (owner)", "col.others": "Other sources",
        "col.since": "Since", "col.outcome": "Outcome", "col.sourceRow": "Source row", "col.normalised": "Normalised record", "col.issues": "Issues",
        "col.id": "ID", "col.target": "Target", "col.subject": "Subject", "col.attempts": "Attempts", "col.accepted": "Accepted",
        "col.lastError": "Last error", "col.seq": "Seq", "col.at": "At", "col.actor": "Actor", "col.action": "Action", "col.purpose": "Purpose",
        "col.fields": "Fields", "col.title": "Title", "col.department": "Department", "col.admin": "Admin", "col.origins": "Browser origins",
        "col.consumer": "Consumer", "col.createdAt": "Created", "col.expiresAt": "Expires", "col.entity": "Entity", "col.rows": "Rows",
        "col.purposes": "Purposes", "col.forms": "Forms", "col.valid": "Valid",
        "overview.title": "Sync runs", "overview.records": "{entity} records", "overview.never": "Never run", "overview.quality": "Quality",
        "overview.preview": "Preview", "legend.read": "Rows read", "legend.rejected": "Rows rejected",
        "chart.runs": "{stream}: rows read and rejected per run", "chart.run": "Run {run} ({at}): read {read}, rejected {rejected}",
        "chart.issues": "Issues per element and rule",
        "quality.title": "Data quality", "quality.stream": "Stream", "quality.none": "No runs yet: run campushub sync --all first.",
        "quality.summary": "Run {run} of {stream} ({at}): read {read}, rejected {rejected}.", "quality.clean": "This run broke no rule.",
        "quality.behind": "Rows behind {label} ({n})",
        "record.lookup": "Golden record lookup", "record.entity": "Entity", "record.key": "Key", "record.keyHint": "XH, GH, DWH…",
        "record.show": "Show", "record.meta": "Version {version}, created {created}, updated {updated}", "record.inactive": " (inactive: no source delivers it any more)",
        "record.person": "Person {id}: ", "record.fields": "Fields and provenance", "record.conflicts": "Source conflicts", "record.agree": "Its sources agree",
        "record.versions": "Versions",
        "preview.title": "Mapping preview", "preview.stream": "Stream", "preview.rows": "Rows", "preview.submit": "Preview",
        "preview.summary": "{stream} → {entity}: {rows} source rows, {records} would become records, {rejects} would be quarantined. Nothing is written.",
        "outbox.title": "Write-back outbox", "outbox.oldest": "Oldest undelivered", "outbox.dead": "Dead letters ({n})", "outbox.retry": "Retry", "outbox.cancel": "Cancel",
        "outbox.confirmRetry": "Retry write-back {id}?", "outbox.confirmCancel": "Cancel write-back {id}?", "outbox.noDead": "No dead letters",
        "outbox.newest": "Newest write-backs", "outbox.none": "No write-backs yet",
        "audit.title": "Audit log", "audit.consumer": "Consumer", "audit.subject": "Subject", "audit.action": "Action", "audit.search": "Search",
        "audit.intact": "Chain intact: {entries} entries, the last is {seq} ({at}), MAC {mac}…",
        "audit.checkpoint": "; the checkpoint of {at} (entries up to {seq}) matches", "audit.none": "No entries match",
        "access.title": "Consumers, tokens and policies", "access.consumers": "Consumers", "access.tokens": "Tokens", "access.policies": "Sharing policies",
        "access.yes": "Yes", "access.never": "Never", "access.all": "All",
        "state.running": "Running", "state.succeeded": "Succeeded", "state.failed": "Failed", "state.pending": "Pending", "state.leased": "Delivering",
        "state.retry_wait": "Waiting to retry", "state.delivered": "Delivered", "state.dead": "Dead", "state.cancelled": "Cancelled", "state.active": "Active",
        "state.revoked": "Revoked", "state.expired": "Expired", "state.ok": "OK", "state.broken": "Broken", "state.warn": "Warning",
        "state.reject": "Rejected", "state.drop": "Dropped", "state.note": "Cleaned", "state.rejected": "Rejected", "state.warned": "Warning",
        "state.dropped": "Dropped", "state.cleaned": "Cleaned",
        "nav.connectors": "Sources", "connectors.title": "Sources (connectors)",
        "connectors.intro": "The connector files of connectors/. A save runs the checks of campushub check; every save is an audit entry and keeps the previous version.",
        "connectors.env": "environment variable {name}", "connectors.file": "file {name}", "connectors.none": "No connectors yet",
        "connectors.saved": "Saved (ETag {etag}…)", "connectors.stale": "Someone else changed this file since you read it; nothing was saved. Reload it and make your change again.",
        "connectors.reload": "Reload", "connectors.invalid": "Refused: the workspace would not pass the checks with this change; no file was changed.", "connectors.fix": "Fix: ",
        "connectors.add": "Add a connector (CSV export)", "connectors.addNote": "Writes connectors/NAME.json; then map its stream on the mapping page.",
        "connectors.create": "Create", "connectors.save": "Save", "connectors.back": "← All sources", "connectors.streams": "Streams",
        "connectors.edit": "Edit", "connectors.secrets": "Secret references",
        "connectors.secretsNote": "Secrets appear only as the name of an environment variable or a file: never typed into the browser, never stored in the files.",
        "connectors.badEnv": "{name} is not an environment variable name: capital letters, digits and underscores, not starting with a digit.",
        "connectors.field.title": "Title", "connectors.field.department": "Department", "connectors.field.env": "Environment variable",
        "connectors.field.file": "File path", "connectors.field.name": "Name (lower case)", "connectors.field.stream": "Stream name",
        "connectors.field.encoding": "Encoding", "connectors.test": "Test connection", "connectors.testing": "Reading the source of {stream}…",
        "connectors.testFailed": "{stream}: the source cannot be read.", "connectors.tested": "{stream}: connected, {columns} columns; the first {rows} rows (nothing is written)",
        "connectors.encoding": "File encoding: {encoding}", "connectors.remove": "Remove this source",
        "connectors.removeNote": "A source a mapping still uses cannot be removed; a removed version stays in the history and can be restored.", "connectors.confirmRemove": "Remove {file}?",
        "col.kind": "Kind", "col.streams": "Streams", "col.secrets": "Secrets", "col.file": "File", "col.etag": "ETag",
        "col.stream": "Stream", "col.where": "Location", "col.encoding": "Encoding", "col.mapping": "Mapping",
        "nav.mapping": "Mapping", "mapping.title": "Mapping editor", "mapping.stream": "Stream", "mapping.none": "This stream has no mapping file yet.",
        "mapping.summary": "{stream} ({file}) → {entity}: suggestions from the source's first {rows} rows; accept them one by one, then save.",
        "mapping.accept": "Accept {element}", "mapping.save": "Save the mapping", "mapping.preview": "Preview of the saved mapping",
        "mapping.col.column": "Source column", "mapping.col.samples": "Sample values", "mapping.col.current": "Mapped now", "mapping.col.suggested": "Suggested element",
        "mapping.col.confidence": "Confidence", "mapping.col.reason": "Why",
        "sample.title": "学生请假申请 (sample form)", "sample.note": "A sample of the service hall's form: each input names a data element; /prefill.js fills it.",
    ]

    /// Every page's texts: the core table above, then one table per page that keeps its texts in its
    /// own file (`static let zh/en` beside the page's script). A key may be defined once only
    /// (`ConsoleLanguageTests` checks that the merged tables lose none).
    static let tables: [(zh: [String: String], en: [String: String])] = [
        (coreZh, coreEn),
        (ConsoleConnectStrings.zh, ConsoleConnectStrings.en),
        (ConsoleShareStrings.zh, ConsoleShareStrings.en),
        (ConsoleConfigFiles.zh, ConsoleConfigFiles.en),
        (ConsoleSyncNow.zh, ConsoleSyncNow.en),
        (ConsoleArchive.zh, ConsoleArchive.en),
    ]
    static let zh = merged(tables.map { $0.zh })
    static let en = merged(tables.map { $0.en })

    private static func merged(_ tables: [[String: String]]) -> [String: String] {
        tables.reduce(into: [:]) { all, table in all.merge(table) { first, _ in first } }
    }

    /// The languages in the order the switch lists them, each named in itself.
    static let languages: [(code: String, name: String)] = [("zh", "中文"), ("en", "English")]

    /// `/console/strings.js`: both tables as one JSON object, keys sorted (a stable ETag).
    static let js: String = {
        var writer = JSONWriter()
        writer.object { root in
            for (code, table) in [("zh", zh), ("en", en)] {
                root.member(code) { $0.object { o in for key in table.keys.sorted() { o.string(key, table[key]) } } }
            }
            root.member("languages") { $0.array(languages) { w, language in w.object { $0.string("code", language.code); $0.string("name", language.name) } } }
        }
        return "// Generated from ConsoleStrings.swift: every text of the console, per language.\nexport const strings = " + writer.text + ";\n"
    }()

    /// A text of the default language, for the page as served (before its script runs).
    static func text(_ key: String) -> String { zh[key] ?? key }
}
