/// The process steps as one canonical text, digested when a case is accepted (into its audit
/// entry) and again from a package's business entities: equal digests mean the package tells the
/// process as the hall handed it over (no step added, removed, changed or moved).
public enum StepsFingerprint {
    public struct Step: Sendable, Equatable {
        public let id: String
        public let action: String
        public let at: String
        public let opinion: String

        public init(id: String, action: String, at: String, opinion: String) {
            self.id = id
            self.action = action
            self.at = at
            self.opinion = opinion
        }
    }

    /// One line per step, fields separated by U+001F (which no field can hold: the package writer
    /// replaces control characters), in order.
    public static func text(_ steps: [Step]) -> String {
        steps.map { [$0.id, $0.action, $0.at, sanitized($0.opinion)].joined(separator: "\u{1F}") }.joined(separator: "\n")
    }

    public static func steps(of serviceCase: ServiceCase) -> [Step] {
        serviceCase.steps.map { Step(id: "B\($0.sequence)", action: $0.action, at: $0.at, opinion: $0.opinion ?? "") }
    }

    public static func steps(of facts: PackageFacts) -> [Step] {
        facts.steps.map { Step(id: $0.id, action: $0.action ?? "", at: $0.at ?? "", opinion: $0.opinion ?? "") }
    }

    /// As the package carries it: what XML 1.0 cannot hold (control characters but tab and
    /// newlines, U+FFFE, U+FFFF) becomes U+FFFD, as `XMLText` writes it.
    private static func sanitized(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            (scalar.value < 0x20 && !["\t", "\n", "\r"].contains(scalar)) || scalar.value == 0xFFFE || scalar.value == 0xFFFF ? "\u{FFFD}" : scalar
        }))
    }
}
