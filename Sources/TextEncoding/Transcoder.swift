import Glibc

/// Converts bytes between encodings with glibc's iconv; the one owner of its
/// `iconv_t`. Not thread-safe: one per source.
public final class Transcoder {
    private let handle: iconv_t
    public let sourceEncoding: String

    /// From `encoding` (as iconv names it, e.g. "GB18030") to `target`.
    public init(from encoding: String, to target: String = "UTF-8") throws(TranscoderError) {
        let opened = iconv_open(target, encoding)
        guard let opened, opened != iconv_t(bitPattern: -1) else {
            throw TranscoderError.unavailable(from: encoding, to: target)
        }
        handle = opened
        sourceEncoding = encoding
    }

    deinit { iconv_close(handle) }

    /// The UTF-8 text of `bytes`, or nil when they are not valid in the source encoding.
    public func decode(_ bytes: [UInt8]) -> String? {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        return convert(bytes).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The converted bytes, or nil on an invalid or incomplete sequence (EILSEQ, EINVAL).
    public func convert(_ bytes: [UInt8]) -> [UInt8]? {
        iconv(handle, nil, nil, nil, nil)
        var input = bytes.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: bytes.count * 4 + 8)
        let capacity = output.count
        var inLeft = input.count
        var outLeft = capacity
        let result = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer = inBuffer.baseAddress
                var outPointer = outBuffer.baseAddress
                return iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft)
            }
        }
        guard result != -1, inLeft == 0 else { return nil }
        return output[0..<(capacity - outLeft)].map { UInt8(bitPattern: $0) }
    }

    /// UTF-8 text encoded as `encoding` (demo and test files); nil when a character has no mapping.
    public static func encode(_ text: String, to encoding: String) -> [UInt8]? {
        (try? Transcoder(from: "UTF-8", to: encoding))?.convert(Array(text.utf8))
    }

    /// The iconv name of an encoding a connector file declares, or nil.
    public static func iconvName(_ declared: String) -> String? {
        switch declared.lowercased() {
        case "utf-8", "utf8": return "UTF-8"
        case "gb18030", "gbk", "gb2312", "cp936": return "GB18030"
        default: return nil
        }
    }
}

/// iconv cannot convert between the two encodings on this system.
public enum TranscoderError: Error, Sendable, Equatable, CustomStringConvertible {
    case unavailable(from: String, to: String)

    public var description: String {
        switch self {
        case let .unavailable(from, to): "iconv cannot convert \(from) to \(to) on this system"
        }
    }
}
