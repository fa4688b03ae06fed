extension String {
    /// True when the value is exactly `count` ASCII digits, e.g. a date already in its compact
    /// form (`20030501`), which then is its own standard form.
    func isASCIIDigits(count: Int) -> Bool {
        withUTF8Bytes { bytes in bytes.count == count && bytes.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
    }
}
