import HubCore

extension ElementNormalizer {
    /// A record key a client names (a write-back's subject), normalised with the entity's key
    /// element. Unlike source data, where invisible characters are cleaned away, a key holding a
    /// control, invisible, bidirectional or markup character is refused: no key has one, and such
    /// a key would reach owners' systems, web pages and operators' terminals.
    public func normalizeKey(_ raw: String, element: DataElement) -> Outcome {
        if raw.unicodeScalars.contains(where: Self.isForbiddenInKey) {
            return .issue(FieldIssue(element: element.code, rule: "characters",
                                     reason: "\(label(element)) may not hold control, invisible or markup characters", value: raw))
        }
        return normalize(raw, element: element)
    }

    static func isForbiddenInKey(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2066...0x2069: return true
        case 0x3C, 0x3E, 0x26, 0x22, 0x27, 0x60, 0x5C: return true // < > & " ' ` \
        default: return TextCleaning.isInvisible(scalar)
        }
    }
}
