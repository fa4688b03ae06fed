import HubCore
/// Mainland mobile numbers (11 digits) and the ways people type them.
enum MobileNumber {
    static let prefixes = [
        "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151",
        "152", "153", "155", "156", "157", "158", "159", "166", "177", "180", "181", "182",
        "183", "184", "185", "186", "187", "188", "189", "191", "198", "199",
    ]

    static func random(using random: inout SplitMix64) -> String {
        random.element(of: prefixes) + DemoText.zeroPadded(random.below(100_000_000), 8)
    }

    /// "+86 138 1234 5678".
    static func international(_ number: String) -> String {
        "+86 " + grouped(number, separator: " ")
    }

    /// "138-1234-5678".
    static func dashed(_ number: String) -> String {
        grouped(number, separator: "-")
    }

    private static func grouped(_ number: String, separator: String) -> String {
        let characters = Array(number)
        guard characters.count == 11 else { return number }
        return String(characters[0..<3]) + separator + String(characters[3..<7]) + separator + String(characters[7..<11])
    }
}
