extension CodeTable {
    /// True when `value` is already its own `lookupKey`, told from its bytes alone: printable
    /// ASCII without capitals and without a space at either end, and CJK ideographs
    /// U+4000-U+9FFF (three-byte UTF-8 led by E4-E9), which have no case, no full-width form
    /// and no other canonically equivalent spelling. Codes and plain Han names are; a value
    /// this says false for may still be.
    public static func isLookupKeyAsWritten(_ value: String) -> Bool {
        value.withUTF8Bytes { bytes in
            guard let first = bytes.first, let last = bytes.last, first != 0x20, last != 0x20 else { return false }
            var position = 0
            while position < bytes.count {
                let byte = bytes[position]
                if byte >= 0x20 && byte < 0x7F {
                    if byte >= 0x41 && byte <= 0x5A { return false }
                    position += 1
                } else if byte >= 0xE4 && byte <= 0xE9 {
                    // A String's UTF-8 is valid: two continuation bytes follow.
                    position += 3
                } else {
                    return false
                }
            }
            return true
        }
    }
}
