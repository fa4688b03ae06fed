import Foundation

/// What a cell's number format makes of the number stored in it, as far as a data export
/// cares: a date, a time, digits padded with zeros (`000000`: a postcode or a student number
/// typed as a number), a fixed number of decimals, or Excel's General display.
public enum NumberFormat: Sendable, Equatable {
    case general
    case date(ExcelDate.Part)
    case zeroPadded(digits: Int)
    case decimals(Int)

    /// The built-in formats (ECMA-376 18.8.30) and a workbook's own `formatCode`s.
    public static func classify(id: Int, code: String?) -> NumberFormat {
        switch id {
        case 1: return .decimals(0)
        case 2: return .decimals(2)
        case 14...17, 27...31, 34...36, 50...58: return .date(.date)
        case 22: return .date(.dateTime)
        case 18...21, 32, 33, 45...47: return .date(.time)
        default: break
        }
        guard let code else { return .general }
        return classify(code: code)
    }

    /// A format code: date/time letters outside quotes, brackets and escapes make a date;
    /// `0`s alone pad; `0.00` fixes decimals; anything else (`@`, `#,##0`, currencies) shows as General.
    public static func classify(code: String) -> NumberFormat {
        // The first section (positive numbers) decides.
        var letters = Set<Character>()
        var plain = ""
        var inQuote = false, inBracket = false, escaped = false
        for character in code {
            if escaped { escaped = false; continue }
            if inQuote { if character == "\"" { inQuote = false }; continue }
            if inBracket { if character == "]" { inBracket = false }; continue }
            switch character {
            case "\"": inQuote = true
            case "[": inBracket = true
            case "\\": escaped = true
            case "_", "*": escaped = true  // `_)` and `*-` take the next character as padding
            case ";": break
            default:
                letters.insert(Character(character.lowercased()))
                plain.append(character)
                continue
            }
            if character == ";" { break }
        }
        let hasDate = !letters.isDisjoint(with: ["y", "d"]) || (letters.contains("m") && !letters.contains("h") && !letters.contains("s"))
        let hasTime = !letters.isDisjoint(with: ["h", "s"])
        if letters.contains("e") && !letters.contains("y") && !letters.contains("d") && !hasTime {
            // `0.00E+00`: scientific, shown as General would.
            return .general
        }
        if hasDate && hasTime { return .date(.dateTime) }
        if hasDate { return .date(.date) }
        if hasTime { return .date(.time) }
        if !plain.isEmpty, plain.allSatisfy({ $0 == "0" }) { return plain.count == 1 ? .decimals(0) : .zeroPadded(digits: plain.count) }
        let parts = plain.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 2, parts[0] == "0", !parts[1].isEmpty, parts[1].allSatisfy({ $0 == "0" }) { return .decimals(parts[1].count) }
        return .general
    }

    /// The number as this format shows it (dates in ISO form).
    public func text(_ value: Double, date1904: Bool) -> String {
        switch self {
        case .general: return Self.general(value)
        case let .date(part): return ExcelDate.text(serial: value, date1904: date1904, part: part) ?? Self.general(value)
        case let .zeroPadded(digits):
            guard abs(value) < 1e15 else { return Self.general(value) }
            let digitsText = String(Int64(abs(value).rounded()))
            return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, digits - digitsText.count)) + digitsText
        case let .decimals(places):
            guard abs(value) < 1e15 else { return Self.general(value) }
            if places == 0 { return String(Int64(value.rounded())) }
            return String(format: "%.\(places)f", value)
        }
    }

    /// Excel's General display as it saves a CSV: at most 15 significant digits, integers without
    /// ".0", `1.10101200001012E+17` for 15 digits and more (an ID typed as a number: the digits
    /// past the 15th are gone, and the text says so the way a CSV export does).
    public static func general(_ value: Double) -> String {
        guard value.isFinite else { return "#NUM!" }
        if value == 0 { return "0" }
        // Fast paths (the same text as below): whole numbers under 10^15, and numbers whose shortest
        // round-trip form has at most 15 significant digits and no exponent.
        if abs(value) < 1e15, value == value.rounded(.towardZero) { return String(Int64(value)) }
        let shortest = value.description
        if abs(value) >= 1e-4, !shortest.contains("e"), shortest.utf8.count <= 16 + (value < 0 ? 1 : 0) { return shortest }
        var text = String(format: "%.15G", value)
        if let e = text.firstIndex(of: "E") {
            // %G writes 1.10101200001012E+17 already; Excel writes the exponent with at least two digits too.
            var mantissa = String(text[..<e])
            if mantissa.contains(".") {
                while mantissa.hasSuffix("0") { mantissa.removeLast() }
                if mantissa.hasSuffix(".") { mantissa.removeLast() }
            }
            text = mantissa + text[e...]
        }
        return text
    }
}
