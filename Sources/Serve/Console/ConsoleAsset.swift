import Foundation
import HTTPServer
import HubCrypto

/// A file of the operator console or `/prefill.js`, shipped inside the binary: nothing to build,
/// nothing fetched from elsewhere. Served with a strict Content-Security-Policy (no inline script,
/// nothing from other origins), nosniff, and an ETag so browsers revalidate cheaply.
struct ConsoleAsset: Equatable, Sendable {
    let path: String
    let contentType: String
    let body: [UInt8]
    let etag: String

    static func == (a: ConsoleAsset, b: ConsoleAsset) -> Bool { a.path == b.path }

    init?(path: String) {
        guard let asset = Self.all[path] else { return nil }
        self = asset
    }

    private init(path: String, contentType: String, text: String) {
        self.path = path
        self.contentType = contentType
        body = Array(text.utf8)
        etag = "\"" + String(SHA256.hex(bytes: body).prefix(16)) + "\""
    }

    private static let html = "text/html; charset=utf-8", javascript = "text/javascript; charset=utf-8", css = "text/css; charset=utf-8"

    static let all: [String: ConsoleAsset] = {
        let files = [
            ConsoleAsset(path: "/console/", contentType: html, text: ConsoleIndex.html),
            ConsoleAsset(path: "/console/console.css", contentType: css, text: ConsoleStyle.css + ConsoleShareStyle.css + ConsoleMappingEditor.css + ConsoleArchive.css),
            ConsoleAsset(path: "/console/app.js", contentType: javascript, text: ConsoleApp.js),
            ConsoleAsset(path: "/console/dom.js", contentType: javascript, text: ConsoleDOM.js),
            ConsoleAsset(path: "/console/strings.js", contentType: javascript, text: ConsoleStrings.js),
            ConsoleAsset(path: "/console/locale.js", contentType: javascript, text: ConsoleLocale.js),
            ConsoleAsset(path: "/console/charts.js", contentType: javascript, text: ConsoleCharts.js),
            ConsoleAsset(path: "/console/pages.js", contentType: javascript, text: ConsolePages.js + ConsoleConnectors.js + ConsoleMappingEditor.js + ConsoleConfigFiles.js + ConsoleSyncNow.js + ConsoleStandards.js + ConsoleSharing.js + ConsoleForms.js + ConsoleArchive.js),
            ConsoleAsset(path: "/console/sample-form.html", contentType: html, text: SampleForm.html),
            ConsoleAsset(path: "/console/sample-form.js", contentType: javascript, text: SampleForm.js),
            ConsoleAsset(path: "/prefill.js", contentType: javascript, text: PrefillScript.js),
        ]
        var table = Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        table["/console/index.html"] = table["/console/"]
        return table
    }()

    /// The page's policy: scripts, styles and requests from the hub only; no framing, no inline code.
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    func response(ifNoneMatch: String?) -> HTTPResponse {
        var headers = [("Content-Type", contentType), ("ETag", etag), ("Cache-Control", "no-cache"), ("X-Content-Type-Options", "nosniff"),
                       ("Content-Security-Policy", Self.contentSecurityPolicy), ("Referrer-Policy", "no-referrer")]
        // The service hall's pages load /prefill.js from another origin.
        if path == "/prefill.js" { headers.append(("Cross-Origin-Resource-Policy", "cross-origin")) }
        if let ifNoneMatch, ifNoneMatch.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag }) {
            return HTTPResponse(status: 304, headers: headers.filter { $0.0 != "Content-Type" })
        }
        return HTTPResponse(status: 200, headers: headers, body: body)
    }
}
