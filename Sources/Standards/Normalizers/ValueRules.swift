/// Normalisers for the free-form element formats: names, mobile numbers,
/// e-mail addresses, identifiers.
public enum ValueRules {
    /// Middle-dot look-alikes in minority and foreign names (standards.md §6.7).
    static let middleDotVariants: Set<Unicode.Scalar> = ["\u{2022}", "\u{30FB}", "\u{FF65}", "\u{2027}", "\u{FE52}", "\u{2219}", "\u{22C5}", "\u{0387}", "."]

    /// Unifies middle dots to U+00B7 and removes spaces inside a Chinese name;
    /// nil when the name holds digits or a failed-decode mark.
    public static func personName(_ raw: String) -> String? {
        let text = TextCleaning.trimmed(raw)
        var scalars = String.UnicodeScalarView()
        var hasHan = false
        for scalar in text.unicodeScalars {
            if ("0"..."9").contains(scalar) || ("\u{FF10}"..."\u{FF19}").contains(scalar) || scalar == "?" || scalar.value == 0xFFFD {
                return nil
            }
            if isHan(scalar) { hasHan = true }
            scalars.append(middleDotVariants.contains(scalar) ? "\u{00B7}" : scalar)
        }
        guard hasHan else { return String(scalars) }
        // A Chinese name has no spaces: "王　芳" is 王芳 typed with an ideographic space.
        return String(String.UnicodeScalarView(scalars.filter { !TextCleaning.isSpace($0) }))
    }

    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F: return true
        default: return false
        }
    }

    /// A mainland mobile number as 11 digits: `+86 138 1234 5678` -> `13812345678`.
    public static func mobile(_ raw: String) -> String? {
        var digits = String(TextCleaning.halfWidth(raw).unicodeScalars.filter { !" -()（）".unicodeScalars.contains($0) && !TextCleaning.isSpace($0) })
        if digits.hasPrefix("+86") { digits.removeFirst(3) } else if digits.hasPrefix("0086") { digits.removeFirst(4) }
        let bytes = Array(digits.utf8)
        guard bytes.count == 11, bytes[0] == UInt8(ascii: "1"), (UInt8(ascii: "3")...UInt8(ascii: "9")).contains(bytes[1]),
              bytes.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return digits
    }

    /// An e-mail address, trimmed and with a lower-case domain; nil when malformed.
    public static func email(_ raw: String) -> String? {
        let text = TextCleaning.halfWidth(TextCleaning.trimmed(raw))
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !text.unicodeScalars.contains(where: TextCleaning.isSpace) else { return nil }
        return parts[0] + "@" + parts[1].lowercased()
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
        TextCleaning.withoutSpaces(TextCleaning.halfWidth(raw))
    }
}
