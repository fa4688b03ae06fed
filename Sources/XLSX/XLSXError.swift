/// Why a workbook could not be read: what and where (part, sheet, row), and what to do.
/// Never a cell's value.
public struct XLSXError: Error, Equatable, CustomStringConvertible {
    public let message: String
    public let fix: String

    public init(_ message: String, fix: String) {
        self.message = message
        self.fix = fix
    }

    public var description: String { message }
}
