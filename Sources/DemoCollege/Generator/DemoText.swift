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
}
