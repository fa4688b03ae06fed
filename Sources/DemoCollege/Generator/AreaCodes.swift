import HubCore
/// GB/T 2260 county-level codes used as the address part of identity numbers.
enum AreaCodes {
    /// 广东 districts and counties (with 东莞 441900 and 中山 442000, whose numbers
    /// use the prefecture code because they have no county level).
    static let guangdong = [
        "440103", "440104", "440105", "440106", "440111", "440112", "440113", "440114",
        "440115", "440303", "440304", "440305", "440306", "440307",
        "440308", "440402", "440403", "440511", "440513", "440604", "440605", "440606",
        "440607", "440608", "440703", "440781", "440783", "440802", "440882", "440902",
        "441202", "441302", "441303", "441322", "441402", "441403", "441502", "441602",
        "441702", "441802", "441900", "442000", "445102", "445202", "445281", "445302",
    ]

    /// Provincial capitals' central districts, for people born outside 广东.
    static let otherProvinces = [
        "360102", "430102", "450102", "510107", "520102", "420102", "410102", "350102",
        "610102", "370102", "130102", "220102",
    ]

    /// Mostly 广东, with `outsidePercent` percent born elsewhere.
    static func pool(outsidePercent: Int, using random: inout SplitMix64) -> [String] {
        random.below(100) < outsidePercent ? otherProvinces : guangdong
    }
}
