/// Small text transforms shared by the table writers.
enum DemoText {
    /// Zero-padded decimal text, without locale-dependent formatting.
    static func zeroPadded(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// ASCII digits and "X" turned into their full-width forms (U+FF10–U+FF19, U+FF38),
    /// as typed with a Chinese input method in full-width mode.
    static func fullWidth(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x30...0x39, 0x58:
                result.append(Unicode.Scalar(scalar.value + 0xFEE0) ?? scalar)
            default:
                result.append(scalar)
            }
        }
        return String(result)
    }

    private static let oracleMonths = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]

    /// Oracle's default date display, DD-MON-RR: "15-MAR-05".
    static func oracleDate(year: Int, month: Int, day: Int) -> String {
        zeroPadded(day, 2) + "-" + oracleMonths[(month - 1) % 12] + "-" + zeroPadded(year % 100, 2)
    }

    /// The traditional forms of the characters in the demo's 民族 names, as a
    /// Hong Kong or Taiwan system writes them ("漢族", "維吾爾族").
    static func traditional(_ text: String) -> String {
        let forms: [Character: Character] = ["汉": "漢", "维": "維", "尔": "爾", "满": "滿", "壮": "壯", "鲜": "鮮", "瑶": "瑤", "萨": "薩", "难": "難"]
        return String(text.map { forms[$0] ?? $0 })
    }
}
