import Standards

/// What a column's sample values look like, as fractions of its non-empty samples.
struct ValueShape: Sendable {
    let samples: [String]

    init(_ values: [String]) {
        samples = values.map { TextCleaning.trimmed($0) }.filter { !$0.isEmpty }
    }

    var isEmpty: Bool { samples.isEmpty }

    /// The share of samples that pass `test` (0 with no samples).
    func share(_ test: (String) -> Bool) -> Double {
        samples.isEmpty ? 0 : Double(samples.filter(test).count) / Double(samples.count)
    }

    /// How well the samples fit an element's format: 0 (not at all) ... 1 (every sample), nil when the format says nothing
    /// distinctive (free text, identifiers).
    func fit(_ element: DataElement, catalogue: StandardsCatalogue) -> Double? {
        guard !samples.isEmpty else { return nil }
        switch element.format {
        case .identityNumber: return share(Self.isIdentityNumber)
        case .mobile: return share(Self.isMobile)
        case .email: return share(Self.isEmail)
        case .date: return share { !$0.contains(":") && DateParsing.date($0) != nil }  // a time stamp is no date of birth
        case .yearMonth: return share { !$0.contains(":") && DateParsing.yearMonth($0) != nil }
        case .code:
            guard let table = element.codeTable.flatMap({ catalogue.codeTables[$0] }) else { return nil }
            return share { table.match($0) != nil }
        case .areaCode: return share { $0.count == 6 && $0.allSatisfy(\.isASCIIDigit) }
        case .personName: return share(Self.isChineseName)
        case .text, .identifier, .dateRange: return nil
        }
    }

    /// 18 characters with a valid GB 11643 check character.
    static func isIdentityNumber(_ value: String) -> Bool {
        let bytes = Array(value.uppercased().utf8)
        guard bytes.count == 18, bytes.prefix(17).allSatisfy({ (48...57).contains($0) }) else { return false }
        return IdentityNumber.checkCharacter(bytes.prefix(17)) == Character(UnicodeScalar(bytes[17]))
    }

    /// 11 digits starting with 1 (a mainland mobile), `+86` and separators allowed.
    static func isMobile(_ value: String) -> Bool {
        var digits = value.filter { $0 != " " && $0 != "-" }
        if digits.hasPrefix("+86") { digits.removeFirst(3) }
        return digits.count == 11 && digits.first == "1" && digits.allSatisfy(\.isASCIIDigit)
    }

    static func isEmail(_ value: String) -> Bool {
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !value.contains(" ")
    }

    /// Two to five Chinese characters, a middle dot allowed (少数民族 names).
    static func isChineseName(_ value: String) -> Bool {
        let letters = value.filter { $0 != "·" && $0 != "•" }
        return (2...5).contains(letters.count) && letters.unicodeScalars.allSatisfy { (0x4E00...0x9FFF).contains($0.value) }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
