import Archiving
import Foundation
import HubCrypto

/// A document's bytes as they are decoded from a package, block by block: their size, SM3 and
/// SHA-256, first bytes, and the markers the checks look for — the format's own markers only (a
/// PDF's "/Encrypt" or "/JavaScript"; an encrypted ZIP entry, as OFD is a ZIP), since three bytes
/// such as "/JS" turn up by chance in any large image.
final class ContentScanner {
    private let sm3: IncrementalDigest
    private let sha256: IncrementalDigest
    private(set) var size = 0
    private(set) var head: [UInt8] = []
    private(set) var markers: Set<ContentMarker> = []
    /// The last bytes of the previous block: a marker may straddle two blocks.
    private var tail: [UInt8] = []
    static let headLength = 16
    private static let pdfMarkers: [(ContentMarker, [UInt8])] = [
        (.encryptedPDF, Array("/Encrypt".utf8)), (.javaScript, Array("/JavaScript".utf8)), (.shortJavaScript, Array("/JS".utf8)),
        (.launch, Array("/Launch".utf8)),
    ]

    init?() {
        guard let sm3 = IncrementalDigest(.sm3), let sha256 = IncrementalDigest(.sha256) else { return nil }
        self.sm3 = sm3
        self.sha256 = sha256
    }

    func update(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        sm3.update(bytes)
        sha256.update(bytes)
        size += bytes.count
        if head.count < Self.headLength { head += bytes.prefix(Self.headLength - head.count) }
        if isPDF { scanPDF(tail + bytes) }
        tail = Array((tail + bytes).suffix(16))
    }

    func finish(wellEncoded: Bool) -> ContentFacts {
        var found = markers
        if head.starts(with: Array("MZ".utf8)) || head.starts(with: [0x7F, 0x45, 0x4C, 0x46]) || head.starts(with: Array("#!".utf8)) {
            found.insert(.executable)
        }
        // A ZIP's first local file header: general purpose flag bit 0 is "encrypted".
        if head.count >= 8, head.starts(with: [0x50, 0x4B, 0x03, 0x04]), head[6] & 1 == 1 { found.insert(.encryptedZip) }
        return ContentFacts(size: size, sm3: sm3.finish(), sha256: sha256.finish(), head: head, wellEncoded: wellEncoded, markers: found)
    }

    private var isPDF: Bool { head.count >= 5 && head.starts(with: Array("%PDF-".utf8)) }

    private func scanPDF(_ window: [UInt8]) {
        for (marker, token) in Self.pdfMarkers where !markers.contains(marker) {
            var index = 0
            while index + token.count <= window.count {
                if window[index] == token[0], window[index..<(index + token.count)].elementsEqual(token) {
                    // A PDF name ends at a delimiter or white space: "/JS" but not "/JSON".
                    let next = index + token.count < window.count ? window[index + token.count] : UInt8(ascii: " ")
                    if !Self.isRegular(next) { markers.insert(marker); break }
                }
                index += 1
            }
        }
    }

    private static func isRegular(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
    }
}

/// Base64 text as it arrives from the parser in pieces (line breaks and all), decoded in whole
/// quanta of four characters.
struct Base64Stream {
    private var pending: [UInt8] = []
    private(set) var wellFormed = true
    private var ended = false

    /// The bytes decoded from `text` and what was left over before it.
    mutating func decode(_ text: String) -> [UInt8] {
        pending.reserveCapacity(pending.count + text.utf8.count)
        pending.append(contentsOf: text.utf8.lazy.filter { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) })
        let whole = pending.count - pending.count % 4
        guard whole > 0 else { return [] }
        let quanta = Array(pending[0..<whole])
        pending = Array(pending[whole...])
        if ended { wellFormed = false }  // data after padding
        if quanta.contains(UInt8(ascii: "=")) { ended = true }
        guard let data = Data(base64Encoded: Data(quanta)) else {
            wellFormed = false
            return []
        }
        return [UInt8](data)
    }

    /// Whether everything decoded: no characters left over.
    mutating func finish() -> Bool {
        if !pending.isEmpty { wellFormed = false }
        return wellFormed
    }
}
