/// GB/T 2260 administrative division codes `PPCCDD` (standards.md §3.13):
/// structure only, with the province prefix checked against the province
/// table. Historical codes stay valid: the list of counties is not consulted.
public enum AreaCode {
    /// nil when the code is well formed; otherwise what is wrong.
    public static func problem(_ code: String, provinces: CodeTable?) -> String? {
        let bytes = Array(code.utf8)
        guard bytes.count == 6, bytes.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            return "must be 6 digits"
        }
        let prefix = String(code.prefix(2))
        if let provinces, !provinces.contains(code: prefix + "0000") {
            return "starts with \(prefix), which is not a province code of \(provinces.standard)"
        }
        let city = code.dropFirst(2).prefix(2)
        if code.hasSuffix("0000") { return nil }
        if city == "00" { return "has a county part but no prefecture part" }
        return nil
    }

    /// Address codes of residence permits: 810000 Hong Kong, 820000 Macau,
    /// 830000 Taiwan (not GB/T 2260 codes, standards.md §4.3).
    public static let residencePermitPrefixes: Set<String> = ["81", "82", "83"]
}
