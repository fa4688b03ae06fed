/// Traditional and variant characters folded to the simplified ones code
/// tables are written in (漢族 -> 汉族, 團員 -> 团员), one character for one:
/// the table `standards/cleaning.json` names, generated from OpenCC.
public struct VariantFolding: Sendable, Equatable {
    /// variant -> standard character.
    public let table: [Unicode.Scalar: Unicode.Scalar]

    public init(_ table: [Unicode.Scalar: Unicode.Scalar]) {
        self.table = table
    }

    /// `text` with every variant character replaced and every space removed
    /// (`汉 族`, `中共　党员`); `text` itself when there is nothing to fold.
    public func folded(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var changed = false
        for scalar in text.unicodeScalars {
            if TextCleaning.isSpace(scalar) {
                changed = true
            } else if let standard = table[scalar] {
                scalars.append(standard)
                changed = true
            } else {
                scalars.append(scalar)
            }
        }
        return changed ? String(scalars) : text
    }
}
