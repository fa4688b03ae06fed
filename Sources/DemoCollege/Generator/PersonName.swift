import HubCore
/// A generated name, kept in parts so the writers can spell it in the ways real
/// exports do (ideographic spaces, dot variants).
struct PersonName: Sendable, Equatable {
    /// Surname and given name for Han-style names; own name and father's name for
    /// transliterated ones.
    let parts: [String]
    let isTransliterated: Bool

    /// The name as the standard writes it: parts joined by U+00B7 for
    /// transliterated names, run together otherwise.
    var standard: String {
        parts.joined(separator: isTransliterated ? "\u{00B7}" : "")
    }

    /// The name with another separator between its parts.
    func joined(by separator: String) -> String {
        parts.joined(separator: separator)
    }

    /// Total number of characters, ignoring separators.
    var characterCount: Int {
        parts.reduce(0) { $0 + $1.count }
    }

    enum Fashion {
        case classic, modern

        /// The naming fashion of people born in `year`.
        static func of(birthYear year: Int, using random: inout SplitMix64) -> Fashion {
            if year < 1982 { return .classic }
            if year >= 1992 { return .modern }
            return random.chance(0.5) ? .classic : .modern
        }
    }

    static func make(
        ethnicity: Ethnicity, isMale: Bool, fashion: Fashion, using random: inout SplitMix64
    ) -> PersonName {
        if ethnicity.code == Ethnicity.uyghur.code {
            let own = random.element(of: isMale ? TransliteratedNames.uyghurMale : TransliteratedNames.uyghurFemale)
            return PersonName(parts: [own, random.element(of: TransliteratedNames.uyghurFathers)], isTransliterated: true)
        }
        if ethnicity.code == Ethnicity.kazakh.code {
            let own = random.element(of: isMale ? TransliteratedNames.kazakhMale : TransliteratedNames.kazakhFemale)
            return PersonName(parts: [own, random.element(of: TransliteratedNames.kazakhFathers)], isTransliterated: true)
        }
        let surname = ethnicity.typicalSurnames.isEmpty || random.chance(0.3)
            ? random.weighted(Surnames.weighted)
            : random.element(of: ethnicity.typicalSurnames)
        return PersonName(parts: [surname, givenName(isMale: isMale, fashion: fashion, using: &random)],
                          isTransliterated: false)
    }

    private static func givenName(isMale: Bool, fashion: Fashion, using random: inout SplitMix64) -> String {
        let characters: [Character]
        let twoCharacterShare: Double
        switch (fashion, isMale) {
        case (.classic, true): (characters, twoCharacterShare) = (GivenNameCharacters.classicMale, 0.55)
        case (.classic, false): (characters, twoCharacterShare) = (GivenNameCharacters.classicFemale, 0.55)
        case (.modern, true): (characters, twoCharacterShare) = (GivenNameCharacters.modernMale, 0.8)
        case (.modern, false): (characters, twoCharacterShare) = (GivenNameCharacters.modernFemale, 0.8)
        }
        let first = random.element(of: characters)
        guard random.chance(twoCharacterShare) else { return String(first) }
        return String(first) + String(random.element(of: characters))
    }
}
