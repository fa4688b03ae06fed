/// GB 11643-1999 公民身份号码: 6-digit area code, birth date YYYYMMDD,
/// 3-digit sequence (odd = male), ISO 7064 MOD 11-2 check character.
/// Also covers 港澳台居民居住证 (810000/820000/830000), which follow it exactly.
public enum IdentityNumber {
    public enum Problem: Error, Sendable, Equatable {
        /// Scientific notation or a decimal point: Excel turned the column into a number.
        case excelMangled
        /// Wrong length or characters.
        case malformed
        /// The embedded birth date is not a real date.
        case impossibleBirthDate
        /// The check character does not match.
        case wrongCheckCharacter
    }

    public struct Parsed: Sendable, Equatable {
        /// The 18-character standard form, upper-case X.
        public let number: String
        public let birthDate: CalendarDate
        /// GB/T 2261.1: "1" male (odd sequence), "2" female (even).
        public let genderCode: String
        /// True when a 15-digit first-generation number was upgraded.
        public let upgradedFrom15: Bool
    }

    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkCharacters = Array("10X98765432")

    /// The check character for the first 17 digits.
    public static func checkCharacter(_ first17: some Collection<UInt8>) -> Character {
        var sum = 0
        var index = 0
        for digit in first17 where index < 17 {
            sum += Int(digit &- UInt8(ascii: "0")) * weights[index]
            index += 1
        }
        return checkCharacters[sum % 11]
    }

    private static let checkBytes = Array("10X98765432".utf8)

    /// `checkCharacter` of the first 17 of 18 well-formed bytes, as a byte.
    private static func checkByte(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        var sum = 0
        for index in 0..<17 { sum += Int(bytes[index] &- UInt8(ascii: "0")) * weights[index] }
        return checkBytes[sum % 11]
    }

    /// Birth date (YYYYMMDD) and GB/T 2261.1 sex of a number already in the
    /// standard 18-character form, without validating it again.
    public static func facts(ofNormalized number: String) -> (birthDate: Substring, genderCode: String)? {
        let utf8 = number.utf8
        guard utf8.count == 18 else { return nil }
        let sequence = utf8[utf8.index(utf8.startIndex, offsetBy: 16)]
        let genderCode = genderCode(sequence: sequence)
        // In ASCII every byte is a character, so the birth date is sliced by byte offsets.
        guard number.withUTF8Bytes(isCharacterPerByte) else { return (number.dropFirst(6).prefix(8), genderCode) }
        return (number[utf8.index(utf8.startIndex, offsetBy: 6)..<utf8.index(utf8.startIndex, offsetBy: 14)], genderCode)
    }

    /// Whether each byte is a character of its own (ASCII without CR, which joins a following LF):
    /// then characters can be sliced and compared by byte offsets.
    static func isCharacterPerByte(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.allSatisfy { $0 < 0x80 && $0 != 0x0D }
    }

    /// The sex digit 17 (its byte `sequence`) encodes: odd "1" (male), even "2" (female).
    static func genderCode(sequence: UInt8) -> String { (sequence &- UInt8(ascii: "0")) % 2 == 1 ? "1" : "2" }

    /// Cleans (full-width, spaces, lower-case x) and validates a number.
    public static func parse(_ raw: String) -> Result<Parsed, Problem> {
        let standard = raw.withUTF8Bytes { bytes -> Result<Parsed, Problem>? in
            guard bytes.count == 18, bytes.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: "X") }) else { return nil }
            return validate(bytes, upgraded: false, text: raw)
        }
        if let standard { return standard }
        var bytes = Array(TextCleaning.withoutSpaces(TextCleaning.halfWidth(raw)).utf8)
        if isSpreadsheetNumber(bytes) { return .failure(.excelMangled) }
        if bytes.last == UInt8(ascii: "x") { bytes[bytes.count - 1] = UInt8(ascii: "X") }
        let isDigit: (UInt8) -> Bool = { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        var upgraded = false
        if bytes.count == 15, bytes.allSatisfy(isDigit) {
            bytes = Array(bytes[0..<6]) + Array("19".utf8) + Array(bytes[6...])
            bytes.append(UInt8(ascii: "0"))
            bytes[17] = checkCharacter(bytes[0..<17]).asciiValue ?? UInt8(ascii: "0")
            upgraded = true
        }
        guard bytes.count == 18, bytes[0..<17].allSatisfy(isDigit), isDigit(bytes[17]) || bytes[17] == UInt8(ascii: "X") else {
            return .failure(.malformed)
        }
        return bytes.withUnsafeBufferPointer { validate($0, upgraded: upgraded, text: nil) }
    }

    /// Birth date and check character of 18 well-formed bytes; `text` is the
    /// same number as a string when the caller has it (saves a copy).
    private static func validate(_ bytes: UnsafeBufferPointer<UInt8>, upgraded: Bool, text: String?) -> Result<Parsed, Problem> {
        guard let birth = birthDate(bytes) else { return .failure(.impossibleBirthDate) }
        guard checkByte(bytes) == bytes[17] else { return .failure(.wrongCheckCharacter) }
        let gender = (bytes[16] - UInt8(ascii: "0")) % 2 == 1 ? "1" : "2"
        return .success(Parsed(number: text ?? String(decoding: bytes, as: UTF8.self), birthDate: birth, genderCode: gender, upgradedFrom15: upgraded))
    }

    /// Birth years an identity number may carry: old enough for the 1880 examples of standards.md §4.5.
    static let birthYears = 1800...2100

    /// `4.40981E+17` or `440981200001011234.0`: digits with an exponent or decimals.
    private static func isSpreadsheetNumber(_ bytes: [UInt8]) -> Bool {
        var marked = false
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"): continue
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): marked = true
            default: return false
            }
        }
        return marked
    }

    private static func birthDate(_ bytes: UnsafeBufferPointer<UInt8>) -> CalendarDate? {
        func number(_ range: Range<Int>) -> Int {
            bytes[range].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        }
        let year = number(6..<10)
        guard birthYears.contains(year) else { return nil }
        return CalendarDate(year: year, month: number(10..<12), day: number(12..<14))
    }
}

extension IdentityNumber {
    /// 18 characters, counted on bytes when the number is all digits and X
    /// (a normalised number always is).
    static func hasStandardLength(_ number: String) -> Bool {
        let digitsAndX = number.withUTF8Bytes { bytes in
            bytes.count == 18 && bytes.allSatisfy { ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: "X") }
        }
        return digitsAndX || number.count == 18
    }
}
