/// GB/T 2260 administrative division codes `PPCCDD` (standards.md §3.13):
/// structure only, with the province prefix checked against the province
/// table. Historical codes stay valid: the list of counties is not consulted.
public enum AreaCode {
    /// nil when the code is well formed; otherwise what is wrong.
    public static func problem(_ code: String, provinces: CodeTable?) -> String? {
        code.withUTF8Bytes { problem(utf8: $0, provinces: provinces) }
    }

    private static func problem(utf8 bytes: UnsafeBufferPointer<UInt8>, provinces: CodeTable?) -> String? {
        guard bytes.count == 6, bytes.allSatisfy(isDigit) else { return "must be 6 digits" }
        let province = Int(bytes[0] - 48) * 10 + Int(bytes[1] - 48)
        if let provinces, !provinces.hasProvincePrefix(province) {
            return "starts with \(String(decoding: bytes[0..<2], as: UTF8.self)), which is not a province code of \(provinces.standard)"
        }
        let cityIsZero = bytes[2] == 48 && bytes[3] == 48
        let countyIsZero = bytes[4] == 48 && bytes[5] == 48
        return cityIsZero && !countyIsZero ? "has a county part but no prefecture part" : nil
    }

    /// What is wrong with the address code (digits 1-6) of an identity number,
    /// if anything. Numbers starting with 9 and those of residence permits
    /// carry no GB/T 2260 code and are not checked.
    static func problem(ofIdentityNumber number: String, provinces: CodeTable?) -> String? {
        // Decided on bytes when the number starts with six plain digits (always, for a normalised number).
        let onBytes: String?? = number.withUTF8Bytes { bytes in
            guard bytes.count >= 6, bytes[0..<6].allSatisfy(isDigit), bytes.count == 6 || bytes[6] < 0x80 else { return .none }
            let isPermit = bytes[0] == UInt8(ascii: "8") && (UInt8(ascii: "1")...UInt8(ascii: "3")).contains(bytes[1])
            if bytes[0] == UInt8(ascii: "9") || isPermit { return .some(nil) }
            return .some(problem(utf8: UnsafeBufferPointer(rebasing: bytes[0..<6]), provinces: provinces))
        }
        if let onBytes { return onBytes }
        guard !number.hasPrefix("9"), !residencePermitPrefixes.contains(String(number.prefix(2))) else { return nil }
        return problem(String(number.prefix(6)), provinces: provinces)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    /// Address codes of residence permits: 810000 Hong Kong, 820000 Macau,
    /// 830000 Taiwan (not GB/T 2260 codes, standards.md §4.3).
    public static let residencePermitPrefixes: Set<String> = ["81", "82", "83"]
}
