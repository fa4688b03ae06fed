/// A JSON number as its document wrote it: "110101199001011237" stays those 18
/// digits (a Double keeps 15 to 17), "88.50" keeps its trailing zero. `double`
/// and `int` read it as a value; `==` compares values exactly ("2.50" == "25e-1").
public struct JSONNumber: Sendable, Equatable, CustomStringConvertible, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    /// The literal, valid JSON number grammar (the parser checks it).
    public let text: String

    /// `text` must be a JSON number; use the literal initialisers or `init(_:)` otherwise.
    init(literal text: String) { self.text = text }

    public init(_ value: Int) { text = String(value) }

    /// Integral values are written without ".0"; non-finite values become 0 (JSON has no NaN or infinity).
    public init(_ value: Double) {
        if !value.isFinite { text = "0" } else if value == value.rounded(), abs(value) < 1e15 { text = String(Int64(value)) } else { text = "\(value)" }
    }

    public init(integerLiteral value: Int) { self.init(value) }
    public init(floatLiteral value: Double) { self.init(value) }

    /// The nearest Double (infinite when out of range): for measures, not for identifiers.
    public var double: Double { Double(text) ?? 0 }

    /// The exact integer, when the number is one that fits an Int ("12", "1.2e1", "12.0"); nil otherwise.
    public var int: Int? {
        let (negative, digits, exponent) = canonical
        if digits.isEmpty { return 0 }
        guard exponent >= 0, digits.count + exponent <= 19 else { return nil }
        guard let magnitude = UInt64(digits + String(repeating: "0", count: exponent)), magnitude <= UInt64(Int.max) else { return nil }
        return negative ? -Int(magnitude) : Int(magnitude)
    }

    public var description: String { text }

    public static func == (a: JSONNumber, b: JSONNumber) -> Bool { a.text == b.text || a.canonical == b.canonical }

    /// Sign, significant digits without leading or trailing zeros, and the power of ten they are scaled by
    /// ("-12.50e1" -> (true, "125", 0)); zero is (false, "", 0).
    var canonical: (negative: Bool, digits: String, exponent: Int) {
        var negative = false, digits = "", exponent = 0, fraction = 0
        var scalars = Substring(text)
        if scalars.first == "-" { negative = true; scalars = scalars.dropFirst() }
        let mantissa = scalars.prefix { $0 != "e" && $0 != "E" }
        for character in mantissa {
            if character == "." { fraction = 1; continue }
            digits.append(character)
            exponent -= fraction
        }
        if let marker = scalars.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            // Out-of-range exponents saturate; numbers that large differ from every realistic other anyway.
            exponent += Int(scalars[scalars.index(after: marker)...].prefix(9).filter { $0 != "+" }) ?? 0
        }
        let leading = digits.prefix { $0 == "0" }.count
        digits.removeFirst(leading)
        while digits.last == "0" { digits.removeLast(); exponent += 1 }
        if digits.isEmpty { return (false, "", 0) }
        return (negative, digits, exponent)
    }
}
