/// Normalisers for the free-form element formats: names, mobile numbers,
/// e-mail addresses, identifiers.
public enum ValueRules {
    /// Middle-dot look-alikes in minority and foreign names (standards.md §6.7).
    /// `•` `・` `･` `‧` `﹒` `∙` `⋅` `·`(Greek) `.` `．` `ꞏ` `⸱`.
    static let middleDotVariants: Set<Unicode.Scalar> = ["\u{2022}", "\u{30FB}", "\u{FF65}", "\u{2027}", "\u{FE52}", "\u{2219}", "\u{22C5}", "\u{0387}", ".",
                                                         "\u{FF0E}", "\u{A78F}", "\u{2E31}"]

    /// Unifies middle dots to U+00B7 (unless `unifyingDots` is off) and removes
    /// spaces inside a Chinese name; nil when the name holds digits or a failed-decode mark.
    public static func personName(_ raw: String, unifyingDots: Bool = true) -> String? {
        if isPlainHanName(raw) { return raw }
        let text = TextCleaning.trimmed(raw)
        var scalars = String.UnicodeScalarView()
        var hasHan = false
        for scalar in text.unicodeScalars {
            if ("0"..."9").contains(scalar) || ("\u{FF10}"..."\u{FF19}").contains(scalar) || scalar == "?" || scalar.value == 0xFFFD {
                return nil
            }
            if isHan(scalar) { hasHan = true }
            scalars.append(unifyingDots && middleDotVariants.contains(scalar) ? "\u{00B7}" : scalar)
        }
        guard hasHan else { return String(scalars) }
        // A Chinese name has no spaces: "王　芳" is 王芳 typed with an ideographic space.
        return String(String.UnicodeScalarView(scalars.filter { !TextCleaning.isSpace($0) }))
    }

    /// The fast path: only BMP Han characters (three-byte UTF-8 led by E4-E9),
    /// which is what most names are; nothing to unify or remove.
    static func isPlainHanName(_ raw: String) -> Bool {
        raw.withUTF8Bytes { bytes in
            guard !bytes.isEmpty, bytes.count % 3 == 0 else { return false }
            for (index, byte) in bytes.enumerated() {
                let fits = index % 3 == 0 ? byte >= 0xE4 && byte <= 0xE9 : byte & 0xC0 == 0x80
                if !fits { return false }
            }
            return true
        }
    }

    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F: return true
        default: return false
        }
    }

    /// A mainland mobile number as 11 digits: `(+86) 138-1234-5678` -> `13812345678`.
    /// `countryPrefixes`: whether `+86`, `0086` and `86` before the 11 digits are dropped.
    public static func mobile(_ raw: String, countryPrefixes: Bool = true) -> String? {
        if let valid = plainMobile(raw) { return valid ? raw : nil }
        // Written in ASCII (nearly always): the separators dropped from the bytes; else from the half-width scalars.
        var bytes = raw.withUTF8Bytes { bytes in
            bytes.allSatisfy { $0 < 0x80 } ? bytes.filter { !isMobileSeparator($0) } : nil
        } ?? Array(String(TextCleaning.halfWidth(raw).unicodeScalars.filter {
            !($0.isASCII && isMobileSeparator(UInt8($0.value))) && !TextCleaning.isSpace($0)
        }).utf8)
        if countryPrefixes {
            if bytes.starts(with: "+86".utf8) { bytes.removeFirst(3) } else if bytes.starts(with: "0086".utf8) { bytes.removeFirst(4) }
            else if bytes.count == 13, bytes.starts(with: "861".utf8) { bytes.removeFirst(2) }
        }
        guard bytes.count == 11, bytes[0] == UInt8(ascii: "1"), (UInt8(ascii: "3")...UInt8(ascii: "9")).contains(bytes[1]),
              bytes.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// What a mobile number is written with besides its digits, in ASCII: " -()." and the ASCII spaces.
    private static func isMobileSeparator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "."), 0x09, 0x0A, 0x0D: return true
        default: return false
        }
    }

    /// For 11 plain digits starting with 1: whether the second is 3-9. nil
    /// for any other form.
    static func plainMobile(_ raw: String) -> Bool? {
        raw.withUTF8Bytes { bytes in
            guard bytes.count == 11, bytes[0] == UInt8(ascii: "1"), bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
            return bytes[1] >= UInt8(ascii: "3")
        }
    }

    /// An e-mail address, trimmed and with a lower-case domain; nil when malformed.
    public static func email(_ raw: String) -> String? {
        if let plain = plainEmail(raw) { return plain }
        let bytes = Array(TextCleaning.halfWidth(TextCleaning.trimmed(raw)).utf8)
        guard let at = bytes.firstIndex(of: UInt8(ascii: "@")), at > 0, bytes.lastIndex(of: UInt8(ascii: "@")) == at else { return nil }
        var domain = Array(bytes[(at + 1)...])
        guard domain.contains(UInt8(ascii: ".")), domain.first != UInt8(ascii: "."), domain.last != UInt8(ascii: "."),
              !bytes.contains(where: { $0 <= 0x20 }) else { return nil }
        for index in domain.indices where domain[index] >= 65 && domain[index] <= 90 { domain[index] += 32 }
        return String(decoding: bytes[...at] + domain, as: UTF8.self)
    }

    /// The fast path for a well-formed address in printable ASCII without
    /// spaces: itself with a lower-case domain. nil leaves it to the general path.
    static func plainEmail(_ raw: String) -> String? {
        raw.withUTF8Bytes { bytes -> String? in
            guard let at = bytes.firstIndex(of: UInt8(ascii: "@")), at > 0, at + 1 < bytes.count,
                  bytes[at + 1] != UInt8(ascii: "."), bytes[bytes.count - 1] != UInt8(ascii: ".") else { return nil }
            var domainHasDot = false, domainHasCapital = false
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte > 0x20, byte < 0x7F, byte != UInt8(ascii: "@") || index == at else { return nil }
                if index > at {
                    if byte >= 65 && byte <= 90 { domainHasCapital = true }
                    if byte == UInt8(ascii: ".") { domainHasDot = true }
                }
            }
            guard domainHasDot else { return nil }
            guard domainHasCapital else { return raw }
            return String(unsafeUninitializedCapacity: bytes.count) { output in
                for index in bytes.indices {
                    let byte = bytes[index]
                    output[index] = index > at && byte >= 65 && byte <= 90 ? byte + 32 : byte
                }
                return bytes.count
            }
        }
    }

    /// `YYYYMMDD-YYYYMMDD`, from any date formats on either side of a dash or
    /// 至; an end of 长期 (permanent) is kept as written.
    public static func dateRange(_ raw: String) -> String? {
        let text = TextCleaning.halfWidth(TextCleaning.trimmed(raw))
        // Try every separator position: the dates themselves may contain dashes.
        for index in text.indices where "-~至—".contains(text[index]) {
            guard let start = DateParsing.date(String(text[..<index])) else { continue }
            let endText = TextCleaning.trimmed(String(text[text.index(after: index)...]))
            if endText == "长期" { return start.compact + "-长期" }
            if let end = DateParsing.date(endText), start <= end { return start.compact + "-" + end.compact }
        }
        return nil
    }

    /// A school-assigned identifier: half-width, without any spaces.
    public static func identifier(_ raw: String) -> String {
        // A clean value has no space and no full-width form: nothing to change.
        TextCleaning.isClean(raw) ? raw : TextCleaning.withoutSpaces(TextCleaning.halfWidth(raw))
    }
}
