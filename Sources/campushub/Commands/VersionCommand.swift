import HTTPClient
import HubCore
import HubCrypto
import PostgresClient
import SQLiteDB

enum VersionCommand: Command {
    static let version = "0.1.0"

    static let spec = CommandSpec(name: "version", summary: "Prints the version of campushub and of the C libraries it runs on.", common: [])

    static func run(_ context: Context) throws -> ExitCode {
        context.write("campushub \(version)")
        context.write("sqlite \(Database.libraryVersion)")
        context.write("libpq \(PostgresLibrary.version)")
        context.write(CurlLibrary.version)
        context.write(SHA256.libraryVersion)
        return .success
    }
}
