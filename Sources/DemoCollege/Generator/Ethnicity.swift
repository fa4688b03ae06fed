/// A 民族 (GB/T 3304) with the spellings the source systems use.
struct Ethnicity: Sendable, Equatable {
    /// Two-digit GB/T 3304 code, e.g. "05".
    let code: String
    /// The name a source writes, e.g. "维吾尔族"; 毛南 keeps its pre-1986 name "毛难族".
    let name: String
    /// The short name without "族", e.g. "维吾尔".
    let shortName: String
    /// Whether people are named by transliteration with a middle dot (维吾尔, 哈萨克).
    let usesTransliteratedNames: Bool
    /// Where such people's identity numbers were usually issued; empty for "anywhere".
    let homeAreas: [String]
    /// Surnames common in this group; empty for the general distribution.
    let typicalSurnames: [String]

    /// The code without zero padding, as some exports write it ("1", "8").
    var unpaddedCode: String {
        code.hasPrefix("0") ? String(code.dropFirst()) : code
    }

    static let han = Ethnicity(
        code: "01", name: "汉族", shortName: "汉", usesTransliteratedNames: false,
        homeAreas: [], typicalSurnames: [])
    static let mongol = Ethnicity(
        code: "02", name: "蒙古族", shortName: "蒙古", usesTransliteratedNames: false,
        homeAreas: ["150102"], typicalSurnames: [])
    static let hui = Ethnicity(
        code: "03", name: "回族", shortName: "回", usesTransliteratedNames: false,
        homeAreas: ["640104", "440104"], typicalSurnames: ["马", "白", "丁", "穆", "李", "海"])
    static let uyghur = Ethnicity(
        code: "05", name: "维吾尔族", shortName: "维吾尔", usesTransliteratedNames: true,
        homeAreas: ["650102", "653101", "652901"], typicalSurnames: [])
    static let miao = Ethnicity(
        code: "06", name: "苗族", shortName: "苗", usesTransliteratedNames: false,
        homeAreas: ["520102", "522601", "433101"], typicalSurnames: ["吴", "龙", "石", "杨", "麻", "张"])
    static let zhuang = Ethnicity(
        code: "08", name: "壮族", shortName: "壮", usesTransliteratedNames: false,
        homeAreas: ["450102", "450103", "451002", "441825"],
        typicalSurnames: ["韦", "覃", "黄", "莫", "陆", "农", "蓝", "梁"])
    static let buyi = Ethnicity(
        code: "09", name: "布依族", shortName: "布依", usesTransliteratedNames: false,
        homeAreas: ["520102"], typicalSurnames: ["王", "罗", "韦", "杨"])
    static let korean = Ethnicity(
        code: "10", name: "朝鲜族", shortName: "朝鲜", usesTransliteratedNames: false,
        homeAreas: ["220102"], typicalSurnames: ["金", "朴", "李", "崔"])
    static let manchu = Ethnicity(
        code: "11", name: "满族", shortName: "满", usesTransliteratedNames: false,
        homeAreas: ["210102", "440106"], typicalSurnames: ["关", "赵", "佟", "金", "傅", "吴"])
    static let dong = Ethnicity(
        code: "12", name: "侗族", shortName: "侗", usesTransliteratedNames: false,
        homeAreas: ["522601"], typicalSurnames: ["吴", "杨", "石", "龙"])
    static let yao = Ethnicity(
        code: "13", name: "瑶族", shortName: "瑶", usesTransliteratedNames: false,
        homeAreas: ["441826", "441823"], typicalSurnames: ["盘", "赵", "邓", "房", "唐", "沈"])
    static let tujia = Ethnicity(
        code: "15", name: "土家族", shortName: "土家", usesTransliteratedNames: false,
        homeAreas: ["433101", "422801"], typicalSurnames: ["向", "田", "彭", "覃", "冉"])
    static let kazakh = Ethnicity(
        code: "17", name: "哈萨克族", shortName: "哈萨克", usesTransliteratedNames: true,
        homeAreas: ["654002", "650103"], typicalSurnames: [])
    /// 毛南族 under its old name 毛难族, which old code tables still carry.
    static let maonanOldName = Ethnicity(
        code: "36", name: "毛难族", shortName: "毛难", usesTransliteratedNames: false,
        homeAreas: ["451226"], typicalSurnames: ["谭", "覃", "卢", "韦", "蒙"])

    /// Students: about 1% with transliterated names, about 5% other minorities.
    /// The two 毛难族 rows are placed separately.
    static let studentMix: [(Ethnicity, Int)] = [
        (.han, 9_380), (.uyghur, 85), (.kazakh, 35), (.zhuang, 200), (.yao, 80),
        (.tujia, 80), (.miao, 60), (.hui, 40), (.manchu, 40),
    ]

    /// Staff: about 8% minorities with ordinary names.
    static let staffMix: [(Ethnicity, Int)] = [
        (.han, 920), (.zhuang, 25), (.hui, 10), (.manchu, 10), (.yao, 8), (.tujia, 7),
        (.miao, 6), (.mongol, 5), (.korean, 3), (.dong, 3), (.buyi, 3),
    ]
}
