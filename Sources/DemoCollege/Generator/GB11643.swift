import HubCore
/// 公民身份号码 (GB 11643-1999): 6-digit address code, YYYYMMDD birth date,
/// 3-digit sequence (odd last digit for men, even for women) and an
/// ISO 7064 MOD 11-2 check character.
enum GB11643 {
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters: [Character] = Array("10X98765432")

    /// The check character for a 17-digit body, or nil if `body` is not 17 ASCII digits.
    static func checkCharacter(for body: String) -> Character? {
        let digits = body.compactMap { $0.isASCII ? $0.wholeNumberValue : nil }
        guard body.count == 17, digits.count == 17 else { return nil }
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return checkCharacters[sum % 11]
    }

    /// The 17-digit body: address code, birth date digits and a sequence whose
    /// last digit carries the sex.
    static func body(area: String, birthDigits: String, sequence: Int) -> String {
        area + birthDigits + DemoText.zeroPadded(sequence, 3)
    }

    /// The full 18-character number for a 17-digit body; nil if the body is malformed.
    static func number(body: String) -> String? {
        checkCharacter(for: body).map { body + String($0) }
    }

    /// What Excel shows for an 18-digit number in a General cell: six significant
    /// digits in scientific notation, e.g. "4.40104E+17".
    static func excelScientific(_ number: String) -> String {
        let digits = number.prefix(7).compactMap(\.wholeNumberValue)
        guard digits.count == 7 else { return number }
        var mantissa = digits.prefix(6).reduce(0) { $0 * 10 + $1 }
        var exponent = number.count - 1
        if digits[6] >= 5 { mantissa += 1 }
        if mantissa == 1_000_000 {
            mantissa = 100_000
            exponent += 1
        }
        var text = String(mantissa)
        let lead = String(text.removeFirst())
        while text.hasSuffix("0") { text.removeLast() }
        return lead + (text.isEmpty ? "" : "." + text) + "E+" + String(exponent)
    }
}

/// Identity-number bodies already handed out, so no two people share a number.
struct IssuedIdentityNumbers: Sendable {
    private var bodies: Set<String> = []

    /// Reserves `body`; false if it was already taken.
    mutating func reserve(_ body: String) -> Bool {
        bodies.insert(body).inserted
    }

    /// A fresh, valid 18-character number for someone born on `birth`, registered in
    /// one of `areas`, whose sequence parity matches `isMale`.
    mutating func issue(
        areas: [String], birthDigits: String, isMale: Bool, using random: inout SplitMix64
    ) -> String {
        let body = freshBody(areas: areas, birthDigits: birthDigits, isMale: isMale, using: &random)
        return body + String(GB11643.checkCharacter(for: body) ?? "X")
    }

    /// A reserved 17-digit body; the caller adds (or deliberately spoils) the check character.
    mutating func freshBody(
        areas: [String], birthDigits: String, isMale: Bool, using random: inout SplitMix64
    ) -> String {
        let parity = isMale ? 1 : 0
        for _ in 0..<64 {
            let sequence = random.below(500) * 2 + parity
            let body = GB11643.body(area: random.element(of: areas), birthDigits: birthDigits, sequence: sequence)
            if reserve(body) { return body }
        }
        // Practically unreachable: 500 sequences per area, birth date and sex.
        for area in areas {
            for half in 0..<500 {
                let body = GB11643.body(area: area, birthDigits: birthDigits, sequence: half * 2 + parity)
                if reserve(body) { return body }
            }
        }
        preconditionFailure("every identity number for one birth date and area list is taken")
    }
}
