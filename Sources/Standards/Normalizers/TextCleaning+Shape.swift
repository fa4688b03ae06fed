extension TextCleaning {
    /// What one pass over a value's UTF-8 shows: whether `trimmed` would
    /// change it, and whether it holds U+FFFD (the mark of a failed decode).
    struct Shape {
        /// An invisible character anywhere, or a space of any kind at either end.
        let needsTrimming: Bool
        let hasReplacementCharacter: Bool

        init(_ value: String) {
            (needsTrimming, hasReplacementCharacter) = value.withUTF8Bytes { bytes in
                guard let first = bytes.first, let last = bytes.last else { return (false, false) }
                return TextCleaning.isPlain(bytes) ? (first == 0x20 || last == 0x20, false) : Self.scanScalars(bytes)
            }
        }

        private static func scanScalars(_ bytes: UnsafeBufferPointer<UInt8>) -> (needsTrimming: Bool, hasReplacementCharacter: Bool) {
            var invisible = false, replacement = false
            var first: Unicode.Scalar?, last: Unicode.Scalar?
            var position = 0
            while position < bytes.count {
                let (scalar, length) = TextCleaning.scalar(in: bytes, at: position)
                if first == nil { first = scalar }
                last = scalar
                if TextCleaning.isInvisible(scalar) { invisible = true }
                if scalar.value == 0xFFFD { replacement = true }
                position += length
            }
            let spaceAtAnEnd = first.map(TextCleaning.isSpace) == true || last.map(TextCleaning.isSpace) == true
            return (invisible || spaceAtAnEnd, replacement)
        }
    }

    /// No control byte and no lead byte of a space other than U+0020, of an
    /// invisible character, a full-width form or U+FFFD (C2, E2, E3, EF).
    static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // Bits 2, 34, 35 and 47: the lead bytes C2, E2, E3 and EF less C0 (a masking shift keeps the low six bits).
        let leadBytes: UInt64 = 1 << 2 | 1 << 34 | 1 << 35 | 1 << 47
        for byte in bytes {
            if byte >= 0xC0 {
                if leadBytes &>> UInt64(byte) & 1 != 0 { return false }
            } else if byte < 0x20 || byte == 0x7F {
                return false
            }
        }
        return true
    }

    /// The scalar whose (valid) UTF-8 starts at `position`, and its length in bytes.
    static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at position: Int) -> (Unicode.Scalar, Int) {
        let lead = UInt32(bytes[position])
        let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        guard length > 1, position + length <= bytes.count else { return (Unicode.Scalar(UInt8(lead)), 1) }
        var value = lead & (0xFF >> (length + 1))
        for offset in 1..<length { value = value << 6 | UInt32(bytes[position + offset] & 0x3F) }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// `trimmed` for a value without invisible characters: the bytes between
    /// the spaces at either end, sliced rather than rebuilt; nil when the
    /// value holds an invisible character.
    static func withoutEndSpaces(_ value: String) -> String? {
        value.withUTF8Bytes { bytes -> String? in
            var start: Int?, end = 0
            var position = 0
            while position < bytes.count {
                let (scalar, length) = scalar(in: bytes, at: position)
                if isInvisible(scalar) { return nil }
                if !isSpace(scalar) {
                    if start == nil { start = position }
                    end = position + length
                }
                position += length
            }
            guard let start else { return "" }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
    }
}
