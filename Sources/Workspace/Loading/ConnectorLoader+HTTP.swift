import HubCore

/// The `http` kind: `baseURL`, `auth`, `timeoutSeconds`, `retries` on the
/// connector; `path`, `query`, `records`, `pagination` on each stream.
extension ConnectorLoader {
    /// `"baseURL": "https://..."`, or `{"env": "XG_BASE_URL", "default": "https://..."}` to let the
    /// environment choose (a test instance, the demo's loopback port).
    func httpConnection(_ root: ConfigNode) -> HTTPConnection? {
        let fix = "give the system's base URL, e.g. \"https://xg.example.edu.cn\""
        var baseURL: String?
        if let node = root["baseURL"], case .object = node.value {
            node.allowOnly(["env", "default"])
            let name = node.string("env", fix: "name the environment variable that may hold the URL")
            baseURL = name.flatMap { environment[$0] }.flatMap { $0.isEmpty ? nil : $0 } ?? node.string("default", fix: fix)
        } else {
            baseURL = root.string("baseURL", fix: fix)
        }
        guard let baseURL else { return nil }
        if !(baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://")) {
            root.problem("baseURL must start with http:// or https://", at: "baseURL", fix: "write the full URL, e.g. \"https://xg.example.edu.cn\"")
        }
        return HTTPConnection(baseURL: baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL, auth: auth(root["auth"]),
                              timeoutSeconds: root.double("timeoutSeconds", in: 1...3600, fix: "give seconds, e.g. 30") ?? 30,
                              retries: root.int("retries", in: 0...20, fix: "give a number of retries, e.g. 5") ?? 5)
    }

    private func auth(_ node: ConfigNode?) -> HTTPConnection.Auth {
        guard let node else { return .none }
        let fix = "write {\"type\": \"bearer\", \"token\": {\"env\": \"XG_API_TOKEN\"}}, {\"type\": \"basic\", \"user\": ..., \"password\": {\"env\": ...}} or {\"type\": \"header\", \"name\": \"X-API-Key\", \"value\": {\"env\": ...}}"
        guard node.isObject(fix: fix), let type = node.string("type", fix: fix) else { return .none }
        switch type {
        case "none":
            node.allowOnly(["type"])
            return .none
        case "bearer":
            node.allowOnly(["type", "token"])
            guard let token = node["token"].flatMap(secret) else {
                if node["token"] == nil { node.problem("\"token\" is missing", at: "token", fix: fix) }
                return .none
            }
            return .bearer(token)
        case "basic":
            node.allowOnly(["type", "user", "password"])
            guard let user = node.string("user", fix: fix), let password = node["password"].flatMap(secret) else { return .none }
            return .basic(user: user, password: password)
        case "header":
            node.allowOnly(["type", "name", "value"])
            guard let name = node.string("name", fix: fix), let value = node["value"].flatMap(secret) else { return .none }
            return .header(name: name, value: value)
        default:
            node.problem("unknown auth type \"\(type)\"", at: "type", fix: "use bearer, basic, header or none")
            return .none
        }
    }

    func httpEndpoint(_ node: ConfigNode) -> HTTPEndpoint? {
        guard let path = node.string("path", fix: "give the endpoint's path, e.g. \"/api/v1/students\"") else { return nil }
        var query: [(key: String, value: String)] = []
        if let queryNode = node["query"], queryNode.isObject(fix: "write {\"status\": \"all\"}") {
            for (key, value) in queryNode.members {
                switch value.value {
                case let .string(text): query.append((key, text))
                case let .number(number): query.append((key, number.text))
                default: value.problem("must be a string or a number", fix: "write \"\(key)\": \"value\"")
                }
            }
        }
        let records: String
        if let recordsNode = node["records"] {
            guard case let .string(text) = recordsNode.value else {
                recordsNode.problem("must be a string", fix: "give the dotted path to the array of records, e.g. \"data.items\" (\"\" for a top-level array)")
                return nil
            }
            records = text
        } else {
            records = ""
        }
        return HTTPEndpoint(path: path.hasPrefix("/") ? path : "/" + path, query: query, records: records, pagination: pagination(node["pagination"]))
    }

    private func pagination(_ node: ConfigNode?) -> HTTPEndpoint.Pagination {
        guard let node else { return .none }
        let fix = "use {\"type\": \"page\"|\"offset\"|\"cursor\"|\"link\"|\"none\", ...}"
        guard node.isObject(fix: fix), let type = node.string("type", fix: fix) else { return .none }
        let size = node.int("size", in: 1...100_000, fix: "give the page size, e.g. 200") ?? 200
        switch type {
        case "none":
            node.allowOnly(["type"])
            return .none
        case "page":
            node.allowOnly(["type", "param", "sizeParam", "size", "start"])
            return .page(param: node.string("param", required: false, fix: fix) ?? "page",
                         sizeParam: node.string("sizeParam", required: false, fix: fix) ?? "pageSize", size: size,
                         start: node.int("start", in: 0...1, fix: "pages count from 0 or 1") ?? 1)
        case "offset":
            node.allowOnly(["type", "param", "limitParam", "size"])
            return .offset(param: node.string("param", required: false, fix: fix) ?? "offset",
                           limitParam: node.string("limitParam", required: false, fix: fix) ?? "limit", size: size)
        case "cursor":
            node.allowOnly(["type", "param", "next"])
            guard let next = node.string("next", fix: "give the JSON path of the next-page token, e.g. \"data.nextCursor\"") else { return .none }
            return .cursor(param: node.string("param", required: false, fix: fix) ?? "cursor", next: next)
        case "link":
            node.allowOnly(["type"])
            return .link
        default:
            node.problem("unknown pagination type \"\(type)\"", at: "type", fix: fix)
            return .none
        }
    }
}
