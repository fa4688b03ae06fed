/// A request the API refuses: the HTTP status, a stable code and a message that
/// says what to change. Messages never carry record values or tokens.
public struct AccessError: Error, Equatable, Sendable {
    public let status: Int
    public let code: String
    public let message: String

    public init(_ status: Int, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public static func badRequest(_ code: String, _ message: String) -> AccessError { AccessError(400, code, message) }
    public static func forbidden(_ code: String, _ message: String) -> AccessError { AccessError(403, code, message) }
    public static func notFound(_ code: String, _ message: String) -> AccessError { AccessError(404, code, message) }
}
