import Foundation
import MariaDBClient
import TestSupport
import Testing
import TextEncoding

/// The MariaDB Connector/C wrapper against the real server ./dev test starts.
@Suite struct MariaDBClientTests {
    /// A gbk connection's converter, as the MySQL source makes it.
    static var gbk: MariaDBTextCodec { MariaDBTextCodec(decode: { bytes in (try? Transcoder(from: "GB18030"))?.decode(bytes) },
                                      encode: { Transcoder.encode($0, to: "GBK") }) }

    static func residentBytes() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }

    @Test func connectsWithAPasswordAndRunsBoundStatements() throws {
        let (keywords, connection) = try TestMariaDB.freshDatabase()
        #expect(connection.serverVersion.contains("MariaDB"))
        #expect(!MariaDBConnection.libraryVersion.isEmpty)
        try connection.execute("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(40))")
        let insert = try connection.prepare("INSERT INTO t VALUES (?, ?)")
        #expect(insert.parameterCount == 2)
        #expect(try insert.execute([.number("1"), .text("O'Brien; DROP TABLE t")]) == 1)
        #expect(try insert.execute([.number("2"), .null]) == 1)
        #expect(try connection.query("SELECT id, name FROM t WHERE id >= ? ORDER BY id", [.number("1")]) == [["1", "O'Brien; DROP TABLE t"], ["2", nil]])
        #expect(try MariaDBConnection(try MariaDBOptions(keywords: keywords)).query("SELECT COUNT(*) FROM t") == [["2"]])
        // The server's message loses the value it quotes, keeps the key's name.
        _ = try insert.execute([.number("424242"), .text("x")])
        do {
            _ = try insert.execute([.number("424242"), .text("y")])
            Issue.record("a duplicate key was accepted")
        } catch {
            #expect(error.kind == .query)
            #expect(error.code == 1062)
            #expect(error.message == "Duplicate entry '…' for key 'PRIMARY'")
        }
    }

    @Test func aBadPasswordIsALoginErrorThatNeverShowsThePassword() throws {
        let server = try TestMariaDB.server()
        let wrong = "Wr0ng-S3cret-\(UUID().uuidString.prefix(6))"
        do {
            _ = try MariaDBConnection(try MariaDBOptions(keywords: server.filter { $0.0 != "password" } + [("password", wrong)]))
            Issue.record("a wrong password was accepted")
        } catch {
            #expect(error.kind == .login)
            #expect(error.code == 1045)
            #expect(!error.isTemporary)
            #expect(error.description.contains("Access denied for user 'campushub'"))
            #expect(!error.description.contains(wrong))
        }
        // Nothing listening: a connection error, temporary.
        do {
            _ = try MariaDBConnection(try MariaDBOptions(keywords: [("host", "127.0.0.1"), ("port", "1"), ("user", "x"), ("connectTimeout", "2")]))
            Issue.record("port 1 answered")
        } catch {
            #expect(error.kind == .connection)
            #expect(error.isTemporary)
        }
        // A setting the wrapper does not know is named, and its value (maybe a password) is not.
        #expect(throws: MariaDBError(kind: .login, message: "unknown connection keyword passwd; use host, port, socket, database, user, password, charset, connectTimeout, readTimeout, writeTimeout, sslMode, sslCA, sslCAPath, sslCert, sslKey, sslCipher")) {
            try MariaDBOptions(keywords: [("passwd", "hunter2")])
        }
        #expect(throws: MariaDBError.self) { try MariaDBOptions(keywords: [("sslMode", "VERIFY_CA")]) }
    }

    /// ./dev gives the server a certificate for 127.0.0.1 from a throwaway CA (CAMPUSHUB_TEST_MARIADB_CA).
    @Test func tlsModesVerifyTheServer() throws {
        let server = try TestMariaDB.server()
        guard let ca = ProcessInfo.processInfo.environment["CAMPUSHUB_TEST_MARIADB_CA"], !ca.isEmpty else {
            // A server without TLS: REQUIRED is refused, not silently plain (Connector/C alone would fall back).
            #expect(throws: MariaDBError.self) { try MariaDBConnection(try MariaDBOptions(keywords: server + [("sslMode", "REQUIRED")])) }
            return
        }
        for mode in ["REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY"] {
            let connection = try MariaDBConnection(try MariaDBOptions(keywords: server + [("sslMode", mode), ("sslCA", ca)]))
            #expect(connection.tlsCipher != nil, "\(mode)")
            #expect(try connection.query("SELECT 1") == [["1"]])
        }
        #expect(try MariaDBConnection(try MariaDBOptions(keywords: server + [("sslMode", "DISABLED")])).tlsCipher == nil)
        // A certificate from another authority: no connection.
        let strangers = "/etc/ssl/certs/ca-certificates.crt"
        if FileManager.default.fileExists(atPath: strangers) {
            #expect(throws: MariaDBError.self) {
                try MariaDBConnection(try MariaDBOptions(keywords: server + [("sslMode", "VERIFY_CA"), ("sslCA", strangers)]))
            }
        }
    }

    @Test func chineseTextRoundTripsOnUTF8MB4AndGBKConnections() throws {
        let (keywords, connection) = try TestMariaDB.freshDatabase()
        try connection.execute("CREATE TABLE legacy (id INT PRIMARY KEY, xm VARCHAR(20) CHARACTER SET gbk, note VARCHAR(40) CHARACTER SET utf8mb4)")
        try connection.execute("CREATE TABLE `学生` (`学号` VARCHAR(10) PRIMARY KEY, `姓名` VARCHAR(20) CHARACTER SET gbk)")
        let names = ["张三", "欧阳娜娜", "龚琳娜", "喆", "丁一ABC"]
        let gbkOptions = try MariaDBOptions(keywords: keywords + [("charset", "gbk")])
        let gbk = try MariaDBConnection(gbkOptions, codec: Self.gbk)
        for (index, name) in names.enumerated() {
            _ = try gbk.prepare("INSERT INTO legacy (id, xm) VALUES (?, ?)").execute([.number(String(index)), .text(name)])
            _ = try gbk.prepare("INSERT INTO `学生` VALUES (?, ?)").execute([.text("S\(index)"), .text(name)])
        }
        // Read back on the gbk connection (bytes converted here) and on a utf8mb4 one (converted by the server).
        #expect(try gbk.query("SELECT xm FROM legacy ORDER BY id").map { $0[0] } == names)
        #expect(try connection.query("SELECT xm FROM legacy ORDER BY id").map { $0[0] } == names)
        let statement = try gbk.prepare("SELECT `学号`, `姓名` FROM `学生` WHERE `姓名` = ?")
        #expect(statement.columns.map(\.name) == ["学号", "姓名"])
        let found = try statement.stream([.text("欧阳娜娜")])
        #expect(try found.next() == ["S1", "欧阳娜娜"])
        #expect(try found.next() == nil)
        // utf8mb4 holds what GBK cannot (an emoji, a rare character outside GBK).
        _ = try connection.prepare("INSERT INTO legacy (id, xm, note) VALUES (?, ?, ?)").execute([.number("9"), .text("李"), .text("𠀀 🎓")])
        #expect(try connection.query("SELECT note FROM legacy WHERE id = 9") == [["𠀀 🎓"]])
        // The gbk connection cannot send it: an encoding error, not a mangled row.
        do {
            _ = try gbk.query("SELECT 1 FROM legacy WHERE note = ?", [.text("🎓")])
            Issue.record("an emoji went out on a gbk connection")
        } catch {
            #expect(error.kind == .encoding)
        }
    }

    @Test func longNumbersDecimalsAndDatesComeBackAsTheirText() throws {
        let (_, connection) = try TestMariaDB.freshDatabase()
        try connection.execute("""
            CREATE TABLE n (id BIGINT PRIMARY KEY, big DECIMAL(20,0), money DECIMAL(12,2), u BIGINT UNSIGNED, d DATE, dt DATETIME, dt6 DATETIME(6),
                            t TIME, y YEAR, f DOUBLE, b VARBINARY(8), flag TINYINT(1))
            """)
        try connection.execute("""
            INSERT INTO n VALUES (123456789012345678, 987654321098765432, -12.50, 18446744073709551615, '1999-12-31', '2026-10-01 08:30:00',
                                  '2026-10-01 08:30:00.123456', '-12:30:05', 2026, 0.1, 'abc', 1)
            """)
        let statement = try connection.prepare("SELECT * FROM n")
        #expect(statement.columns.map(\.kind) == [.integer, .decimal, .decimal, .integer, .temporal, .temporal, .temporal, .temporal, .integer, .float, .binary, .integer])
        let rows = try statement.stream([])
        #expect(try rows.next() == ["123456789012345678", "987654321098765432", "-12.50", "18446744073709551615", "1999-12-31", "2026-10-01 08:30:00",
                                    "2026-10-01 08:30:00.123456", "-12:30:05", "2026", "0.1", "abc", "1"])
        #expect(try rows.next() == nil)
        // 18-digit keys differing in the last digit compare exactly when bound as numbers.
        try connection.execute("INSERT INTO n (id) VALUES (123456789012345679)")
        #expect(try connection.query("SELECT id FROM n WHERE id > ?", [.number("123456789012345678")]) == [["123456789012345679"]])
    }

    @Test func longValuesGrowTheirBuffer() throws {
        let (_, connection) = try TestMariaDB.freshDatabase()
        try connection.execute("CREATE TABLE t (id INT PRIMARY KEY, body LONGTEXT)")
        try connection.execute("INSERT INTO t VALUES (1, 'short'), (2, REPEAT('长', 100000)), (3, 'short again')")
        #expect(try connection.query("SELECT body FROM t ORDER BY id").map { $0[0]?.count } == [5, 100_000, 11])
    }

    @Test func aLargeResultStreamsInBoundedMemoryAndCanBeLeftEarly() throws {
        let (keywords, connection) = try TestMariaDB.freshDatabase()
        try connection.execute("CREATE TABLE big (id INT PRIMARY KEY, payload VARCHAR(1000))")
        try connection.execute("INSERT INTO big SELECT seq, REPEAT(CHAR(65 + seq % 26), 1000) FROM seq_1_to_200000")
        let before = Self.residentBytes()
        var count = 0, peak = before
        let rows = try MariaDBConnection(try MariaDBOptions(keywords: keywords)).prepare("SELECT id, payload FROM big ORDER BY id").stream([])
        while let row = try rows.next() {
            count += 1
            if row[1]?.utf8.count != 1000 { Issue.record("row \(count) has a short payload") }
            if count % 20_000 == 0 { peak = max(peak, Self.residentBytes()) }
        }
        #expect(count == 200_000)
        print("MariaDB stream: \(count) rows of 1 KB read; resident memory grew \((peak - before) >> 20) MB (from \(before >> 20) MB)")
        // 200 MB went through; the process grew by far less (other suites run beside this one).
        #expect(peak - before < 80 << 20, "grew \((peak - before) >> 20) MB")
        // Leaving a result early closes the connection instead of reading the rest.
        let started = Date()
        let early = try MariaDBConnection(try MariaDBOptions(keywords: keywords)).prepare("SELECT id, payload FROM big").stream([])
        #expect(try early.next() != nil)
        _ = consume early
        #expect(Date().timeIntervalSince(started) < 5)
    }
}
