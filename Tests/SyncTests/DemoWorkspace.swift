import Connectors
import DemoCollege
import Foundation
import Glibc
import HubCore
import SQLiteDB
import Store
import Testing
import Sync
import TestSupport
import TextEncoding
import Workspace

/// The repository's workspace copied to a temporary folder, with generated
/// demo source data in its demo-data/ and a store beside it.
struct DemoWorkspace {
    let directory: TemporaryDirectory
    let data: DemoCollegeData
    /// The student affairs API, on a free port (tests run in parallel).
    let studentAffairs: StudentAffairsAPI

    init(students: Int = 600, staff: Int = 100) throws {
        directory = try Repository.copyWorkspace()
        data = PeopleInSeveralRoles.add(to: DemoCollegeGenerator.generate(students: students, staff: staff))
        try DemoWriter.write(data, to: directory.file("demo-data"))
        setenv(StudentAffairsAPI.tokenVariable, StudentAffairsAPI.demoToken, 1)
        studentAffairs = try StudentAffairsAPI(data: data, port: 0)
        let connector = try directory.read("connectors/xg.json")
        try directory.write("connectors/xg.json", connector.replacingOccurrences(
            of: "\"default\": \"http://127.0.0.1:\(StudentAffairsAPI.defaultPort)\"", with: "\"default\": \"http://127.0.0.1:\(studentAffairs.port)\""))
    }

    var storePath: String { directory.file("campushub.db") }

    func workspace() throws -> Workspace { try WorkspaceLoader.load(root: directory.path) }

    func store() throws -> SQLStore {
        let store = try SQLStore(path: storePath)
        try store.migrate()
        return store
    }

    func sync(_ streams: [String]? = nil, options: SyncOptions = SyncOptions(), clock: @escaping @Sendable () -> Date = { Date() }) throws -> SyncSummary {
        let workspace = try workspace()
        return SyncEngine(workspace: workspace, store: try store(), logger: .silent, clock: clock)
            .sync(streams ?? workspace.streams.map(\.stream.id), options: options)
    }

    /// Every golden record, in key order, exactly as stored.
    func recordsDump() throws -> [[String?]] {
        try Database(path: storePath).rows("SELECT entity, key, fields, provenance, version, active, created_at, updated_at FROM records ORDER BY entity, key")
    }

    /// Edits the GB18030 students export as text.
    func editStudentsCSV(_ change: (String) -> String) throws {
        let url = URL(fileURLWithPath: directory.file("demo-data/\(DemoWriter.studentsFile)"))
        let text = try #require(try Transcoder(from: DemoWriter.studentsEncoding).decode([UInt8](Data(contentsOf: url))))
        try Data(try #require(Transcoder.encode(change(text), to: DemoWriter.studentsEncoding))).write(to: url)
    }
}
