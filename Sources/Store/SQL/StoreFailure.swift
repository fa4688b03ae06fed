import HubCore
import PostgresClient
import SQLiteDB

/// A store's driver error as the hub reports it: a PostgreSQL connection that broke (or a
/// server going down) and a locked SQLite file are temporary (exit 75, retry later); anything
/// else the store refused is a bug or a damaged store (exit 1). The one place driver errors
/// become `HubError`s, for every command and the sync engine.
public enum StoreFailure {
    /// nil when `error` is not a store driver's error.
    public static func hubError(_ error: any Error) -> HubError? {
        switch error {
        case let error as PostgresError where error.isTemporary:
            return .temporary("the PostgreSQL connection was lost or refused (数据库连接中断): \(error)",
                              fix: "retry later; check that the PostgreSQL server is running and reachable (nothing half-done was kept: each batch commits whole)")
        case let error as PostgresError:
            return .internal("PostgreSQL refused a statement: \(error)", fix: "this is a bug or a damaged store; report it with the command and the log")
        case let error as SQLiteError where error.isBusy:
            return .temporary("store: \(error)", fix: "another campushub process is writing; retry later")
        case let error as SQLiteError:
            return .internal("store: \(error)", fix: "check the store file and the disk")
        default:
            return nil
        }
    }
}
