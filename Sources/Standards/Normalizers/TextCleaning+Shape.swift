extension TextCleaning {
    /// What one pass over a value's UTF-8 shows: whether `trimmed` would
    /// change it, and whether it holds U+FFFD (the mark of a failed decode).
    struct Shape {
        /// An invisible character anywhere, or a space of any kind at either end.
        let needsTrimming: Bool
        let hasReplacementCharacter: Bool

        init(_ value: String) {
            var copy = value
            (needsTrimming, hasReplacementCharacter) = copy.withUTF8 { bytes in
                guard let first = bytes.first, let last = bytes.last else { return (false, false) }
                // Lead bytes of every space, invisible character and U+FFFD: C2, E2, E3, EF, or a control byte.
                let plain = !bytes.contains { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 || $0 == 0xE3 || $0 == 0xEF }
                return plain ? (first == 0x20 || last == 0x20, false) : Self.scanScalars(bytes)
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
        var copy = value
        return copy.withUTF8 { bytes -> String? in
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
