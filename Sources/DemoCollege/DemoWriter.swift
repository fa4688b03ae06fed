import Foundation
import HubCore
import SQLiteDB
import TextEncoding

/// Writes the generated demo college as the department systems would export
/// it: the data centre as a SQLite database, academic affairs as a GB18030
/// CSV file (what Excel's "CSV" writes on Chinese Windows).
public enum DemoWriter {
    /// Paths inside the demo data folder; the repository's connector files name them.
    public static let dataCentreFile = "datacenter.db"
    public static let humanResourcesFile = "hr.db"
    public static let studentsFile = "jw/xsjbxx.csv"
    public static let studentsEncoding = "GB18030"

    public static func write(_ data: DemoCollegeData, to folder: String) throws {
        let root = URL(fileURLWithPath: folder)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("jw"), withIntermediateDirectories: true)
        try writeDatabase(root.appendingPathComponent(dataCentreFile).path, tables: [data.units, data.majors, data.classes, data.staff])
        try writeDatabase(root.appendingPathComponent(humanResourcesFile).path, tables: [HumanResources.table(from: data)])
        guard let csv = Transcoder.encode(data.students.csvText(), to: studentsEncoding) else {
            throw HubError.internal("the generated students do not encode as \(studentsEncoding)")
        }
        try Data(csv).write(to: root.appendingPathComponent(studentsFile), options: .atomic)
        try StudentAid.write(data, to: folder)
    }

    /// A fresh SQLite database holding the tables.
    static func writeDatabase(_ path: String, tables: [DemoTable]) throws {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let database = try Database(path: path)
        try database.transaction {
            for table in tables { try insert(table, into: database) }
        }
    }

    static func insert(_ table: DemoTable, into database: Database) throws {
        let columns = table.columns.map { "\"\($0)\" TEXT" }.joined(separator: ", ")
        try database.execute("CREATE TABLE \"\(table.name)\" (\(columns))")
        let placeholders = Array(repeating: "?", count: table.columns.count).joined(separator: ", ")
        let statement = try database.prepare("INSERT INTO \"\(table.name)\" VALUES (\(placeholders))")
        for row in table.rows { try statement.run(row.map(SQLValue.optional)) }
    }
}
