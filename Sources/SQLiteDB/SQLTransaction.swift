/// A transaction on any SQL connection that speaks BEGIN/COMMIT and savepoints
/// (SQLite here, PostgreSQL in the store): committed when `body` returns, rolled
/// back when it throws; inside an open transaction it becomes a savepoint of it.
public enum SQLTransaction {
    public static func run<T>(begin: String, inTransaction: Bool, execute: (String) throws -> Void, _ body: () throws -> T) throws -> T {
        if inTransaction {
            try execute("SAVEPOINT nested")
            do {
                let result = try body()
                try execute("RELEASE SAVEPOINT nested")
                return result
            } catch {
                try? execute("ROLLBACK TO SAVEPOINT nested; RELEASE SAVEPOINT nested")
                throw error
            }
        }
        try execute(begin)
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }
}
