/// GB/T 2260 administrative division codes `PPCCDD` (standards.md §3.13):
/// structure only, with the province prefix checked against the province
/// table. Historical codes stay valid: the list of counties is not consulted.
public enum AreaCode {
    /// nil when the code is well formed; otherwise what is wrong.
    public static func problem(_ code: String, provinces: CodeTable?) -> String? {
        var copy = code
        return copy.withUTF8 { bytes -> String? in
            guard bytes.count == 6, bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return "must be 6 digits" }
            let province = Int(bytes[0] - 48) * 10 + Int(bytes[1] - 48)
            if let provinces, !provinces.hasProvincePrefix(province) {
                return "starts with \(code.prefix(2)), which is not a province code of \(provinces.standard)"
            }
            let cityIsZero = bytes[2] == 48 && bytes[3] == 48
            let countyIsZero = bytes[4] == 48 && bytes[5] == 48
            return cityIsZero && !countyIsZero ? "has a county part but no prefecture part" : nil
        }
    }

    /// Address codes of residence permits: 810000 Hong Kong, 820000 Macau,
    /// 830000 Taiwan (not GB/T 2260 codes, standards.md §4.3).
    public static let residencePermitPrefixes: Set<String> = ["81", "82", "83"]
}
