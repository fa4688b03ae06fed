import Foundation

/// The college's time zone: the one that decides which day it is (birth dates
/// in the future, policy expiry, "today" in write-backs and previews). One per
/// installation, from `$CAMPUSHUB_TIME_ZONE` (an IANA name), Asia/Shanghai when unset.
/// Instants in logs and the audit log stay UTC (`Timestamp.iso8601`).
public struct InstallationTimeZone: Sendable, Equatable, CustomStringConvertible {
    public static let environmentVariable = "CAMPUSHUB_TIME_ZONE"
    public static let defaultIdentifier = "Asia/Shanghai"
    /// Asia/Shanghai, the default.
    public static let standard = InstallationTimeZone(checked: defaultIdentifier)

    /// The IANA name, e.g. "Asia/Shanghai".
    public let identifier: String
    private let zone: TimeZone

    /// An IANA time-zone name such as "Asia/Shanghai" or "Asia/Urumqi"; anything else is a configuration error.
    public init(identifier: String) throws(HubError) {
        // TimeZone(identifier:) also takes abbreviations ("CST" is ambiguous); only IANA names and UTC are accepted.
        guard identifier == "UTC" || TimeZone.knownTimeZoneIdentifiers.contains(identifier),
              let zone = TimeZone(identifier: identifier) else {
            throw HubError.config("\(Self.environmentVariable) is not an IANA time-zone name (时区名称无效)",
                                  fix: "set \(Self.environmentVariable) to a name such as Asia/Shanghai or Asia/Urumqi, or unset it for Asia/Shanghai")
        }
        self.identifier = identifier
        self.zone = zone
    }

    private init(checked identifier: String) {
        self.identifier = identifier
        zone = TimeZone(identifier: identifier) ?? TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt
    }

    /// The installation's zone from the process environment (unset or empty: Asia/Shanghai).
    public static func from(environment: [String: String]) throws(HubError) -> InstallationTimeZone {
        guard let name = environment[environmentVariable]?.trimmingCharacters(in: .whitespaces), !name.isEmpty else { return .standard }
        return try InstallationTimeZone(identifier: name)
    }

    /// Seconds ahead of UTC at `instant` (daylight saving included where the zone has it).
    public func secondsFromUTC(at instant: Date) -> Int { zone.secondsFromGMT(for: instant) }

    public var description: String { identifier }

    public static func == (a: InstallationTimeZone, b: InstallationTimeZone) -> Bool { a.identifier == b.identifier }
}
