import Foundation
import Sync
import TestSupport
import Testing
@testable import Store

/// `campushub sync --all --dry-run`: every stream is tried in its own rolled-back transaction,
/// on both stores; a later stream must not meet what an earlier one's rollback took away.
@Suite struct DryRunTests {
    enum Kind: String, CaseIterable { case sqlite, postgres }

    @Test(arguments: Kind.allCases) func aDryRunOfEveryStreamRunsEachOneAndWritesNothing(_ kind: Kind) throws {
        let demo = try DemoWorkspace()
        let store = kind == .sqlite ? try demo.store() : try TestPostgres.freshStore()
        let workspace = try demo.workspace()
        let streams = workspace.streams.map(\.stream.id)
        let dry = SyncEngine(workspace: workspace, store: store, logger: .silent).sync(streams, options: SyncOptions(dryRun: true))
        #expect(dry.results.compactMap(\.error).map(\.summary) == [])
        #expect(dry.results.count == streams.count)
        #expect(dry.results.allSatisfy { $0.counts.read > 0 && $0.run == nil })
        #expect(try store.runs(stream: nil, limit: 100).isEmpty)
        #expect(try store.recordCount(entity: "student") == 0)
        // And a real sync after it, on the same connection, still works.
        let real = SyncEngine(workspace: workspace, store: store, logger: .silent).sync(streams)
        #expect(real.results.compactMap(\.error).map(\.summary) == [])
        #expect(try store.recordCount(entity: "student") > 500)
    }
}
