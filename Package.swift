// swift-tools-version:6.1
import PackageDescription

// CampusHub: one binary (`campushub`) over small library targets by concern.
// Dependencies point inward: C modules <- wrappers <- domain <- engine <- CLI.
// No package dependencies: C libraries come in as system-library targets.

let package = Package(
    name: "CampusHub",
    products: [
        .executable(name: "campushub", targets: ["campushub"]),
    ],
    targets: [
        // C libraries: modulemap + shim only.
        .systemLibrary(name: "CExpat", pkgConfig: "expat", providers: [.apt(["libexpat1-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CMicroHTTPD", pkgConfig: "libmicrohttpd", providers: [.apt(["libmicrohttpd-dev"])]),
        .systemLibrary(name: "CMalloc"),
        .systemLibrary(name: "CMariaDB", pkgConfig: "libmariadb", providers: [.apt(["libmariadb-dev"])]),
        .systemLibrary(name: "CODBC", pkgConfig: "odbc", providers: [.apt(["unixodbc-dev"])]),
        .systemLibrary(name: "CZip", pkgConfig: "libzip", providers: [.apt(["libzip-dev"])]),

        // Wrappers: the only code that touches the C handles and the libc calls they wrap.
        .target(name: "SQLiteDB", dependencies: ["CSQLite"]),
        // Streaming XML (expat): archival packages read back for their checks, never whole in memory.
        .target(name: "XMLReader", dependencies: ["CExpat"]),
        .target(name: "HubCrypto", dependencies: ["COpenSSL"]),
        .target(name: "PostgresClient", dependencies: ["CLibPQ"]),
        // MariaDB Connector/C: MySQL and MariaDB sources and write-back targets (the only owner of MYSQL*, MYSQL_STMT*, MYSQL_RES*).
        .target(name: "MariaDBClient", dependencies: ["CMariaDB"]),
        .target(name: "HTTPClient", dependencies: ["CCurl"]),
        .target(name: "HTTPServer", dependencies: ["CMicroHTTPD"]),
        // unixODBC: the one owner of SQLHENV/SQLHDBC/SQLHSTMT (any driver the college installs).
        .target(name: "ODBCClient", dependencies: ["CODBC"]),
        // glibc's malloc_trim: gives freed heap memory back to the system.
        .target(name: "MemoryTrim", dependencies: ["CMalloc"]),
        // iconv: the one owner of an iconv_t (GB18030 sources and demo files).
        .target(name: "TextEncoding"),
        // libzip: the one owner of a zip_t / zip_file_t (workbooks read in blocks, the demo's written).
        .target(name: "ZipArchive", dependencies: ["CZip"]),
        // flock: the one owner of a lock file's descriptor.
        .target(name: "FileLocking"),

        // Domain: values, errors, JSON, logging. No C, no Glibc, no I/O beyond stderr and the workspace's files.
        .target(name: "HubCore"),
        // Data standards: elements, code tables, normalisers, validators (pure).
        .target(name: "Standards", dependencies: ["HubCore"]),
        // Mappings: source columns -> data elements, transforms (pure).
        .target(name: "Mapping", dependencies: ["HubCore", "Standards"]),
        // Sharing: consumers, policies, masks, prefill forms, list queries (pure).
        .target(name: "Sharing", dependencies: ["HubCore", "Standards"]),
        // Outbox: the write-back delivery state machine and backoff (pure).
        .target(name: "Outbox"),
        // Workspace: loads and checks connectors/, mappings/, standards/.
        .target(name: "Workspace", dependencies: ["HubCore", "Standards", "Mapping", "Sharing", "Archiving"]),
        // Golden records: the merge by field authority and the person rule, identity documents keyed by the store (pure).
        .target(name: "GoldenRecords", dependencies: ["HubCore", "Standards"]),
        // One source row -> a normalised record or a quarantined row; the mapping preview (pure: rows come from the caller).
        .target(name: "RowProcessing", dependencies: ["HubCore", "Standards", "Mapping", "Workspace"]),
        // Mapping suggestions: source columns and samples -> the data elements they likely are, value maps to review (pure).
        .target(name: "MappingSuggestions", dependencies: ["HubCore", "Standards"]),

        // Engine: sources, the store, sync, write-backs, the HTTP API; no C module (Glibc for POSIX calls that have no wrapper).
        // Sources: CSV files, SQLite and PostgreSQL databases, HTTP/JSON APIs.
        .target(name: "Connectors", dependencies: ["HubCore", "Workspace", "SQLiteDB", "PostgresClient", "MariaDBClient", "HTTPClient", "TextEncoding", "ODBCClient", "XLSX"]),
        // Excel workbooks (.xlsx): parts, shared strings, number formats, sheets streamed row by row; a minimal writer.
        .target(name: "XLSX", dependencies: ["HubCore", "ZipArchive", "XMLReader"]),
        // The store: protocol and the SQL implementation on SQLite and PostgreSQL.
        .target(name: "Store", dependencies: ["Archiving", "GoldenRecords", "HubCore", "Standards", "Sharing", "Outbox", "SQLiteDB", "PostgresClient", "HubCrypto", "FileLocking"]),
        // Sync: source -> mapping -> normalisation -> store.
        .target(name: "Sync", dependencies: ["GoldenRecords", "HubCore", "HubCrypto", "Standards", "Mapping", "Workspace", "RowProcessing", "Connectors", "Store", "MemoryTrim"]),
        // Write-back intake: the checks of a submitted write-back, its JSON, each target's delivery rules.
        .target(name: "Writeback", dependencies: ["HubCore", "HubCrypto", "Standards", "Sharing", "Outbox", "Workspace", "Store"]),
        // Write-back delivery: the dispatcher and the HTTP and SQL deliverers (and archival packages' handover to a drop folder).
        .target(name: "WritebackDelivery", dependencies: ["HubCore", "HubCrypto", "Outbox", "Workspace", "Store", "Writeback",
                                                          "HTTPClient", "SQLiteDB", "PostgresClient", "Archiver", "Connectors", "MariaDBClient", "ODBCClient"]),
        // The HTTP API: tokens, policies applied to reads, write-back intake, audit log, metrics, console, OpenAPI document.
        // Electronic archiving of service-hall cases (DA/T 46/48/13/70): rules, packages, checks; pure.
        .target(name: "Archiving", dependencies: ["HubCore"]),
        // Archival packages made, read back and checked (files, digests, signatures); the store's cases later.
        .target(name: "Archiver", dependencies: ["Archiving", "HubCore", "HubCrypto", "XMLReader", "Store"]),
        .target(name: "Serve", dependencies: ["HubCore", "HubCrypto", "Standards", "Sharing", "Outbox", "Workspace", "RowProcessing", "MappingSuggestions", "Store",
                                              "Writeback", "HTTPServer", "FileLocking", "Archiving", "Archiver"]),
        // The demo college's generated source data (pure generation + writers).
        .target(name: "DemoCollege", dependencies: ["HubCore", "HubCrypto", "SQLiteDB", "HTTPServer", "TextEncoding", "XLSX"]),
        // The benchmarks' HTTP load generator (`bench serve`, `bench outbox`).
        .target(name: "HTTPLoad", dependencies: ["HTTPClient"]),

        // The one place that wires concrete types together.
        .executableTarget(
            name: "campushub",
            dependencies: ["GoldenRecords", "HubCore", "Standards", "Mapping", "Sharing", "Outbox", "Workspace", "RowProcessing", "MappingSuggestions",
                           "Connectors", "Store", "Archiving", "Archiver", "Sync", "Writeback", "WritebackDelivery", "Serve", "DemoCollege", "HTTPLoad",
                           "SQLiteDB", "PostgresClient", "MariaDBClient", "HTTPClient", "HTTPServer", "HubCrypto", "XLSX", "MemoryTrim"]
        ),

        // Temporary folders, the repository's workspace, running the binary.
        .target(name: "TestSupport", dependencies: ["Store", "PostgresClient", "MariaDBClient"], path: "Tests/TestSupport"),

        .testTarget(name: "HubCoreTests", dependencies: ["HubCore"]),
        .testTarget(name: "StandardsTests", dependencies: ["Standards", "HubCore"]),
        .testTarget(name: "SharingTests", dependencies: ["Sharing", "HubCore"]),
        .testTarget(name: "OutboxTests", dependencies: ["Outbox"]),
        .testTarget(name: "GoldenRecordsTests", dependencies: ["GoldenRecords", "Standards"]),
        .testTarget(name: "MappingTests", dependencies: ["Mapping", "Standards", "HubCore"]),
        .testTarget(name: "WorkspaceTests", dependencies: ["Workspace", "Archiving", "Sharing", "HubCore", "TestSupport"]),
        .testTarget(name: "ConnectorsTests", dependencies: ["Connectors", "TextEncoding", "SQLiteDB", "PostgresClient", "MariaDBClient", "HTTPServer", "HubCore", "Workspace", "TestSupport", "Standards", "XLSX"]),
        .testTarget(name: "XMLReaderTests", dependencies: ["XMLReader"]),
        .testTarget(name: "XLSXTests", dependencies: ["XLSX", "ZipArchive", "XMLReader"]),
        .testTarget(name: "ArchivingTests", dependencies: ["Archiving", "Archiver", "HubCore", "HubCrypto", "Store", "TestSupport"]),
        .testTarget(name: "StoreTests", dependencies: ["Archiving", "GoldenRecords", "Store", "Sharing", "HubCore", "HubCrypto", "Standards", "Outbox", "SQLiteDB", "PostgresClient", "TestSupport"]),
        .testTarget(name: "SyncTests", dependencies: ["GoldenRecords", "Sync", "Store", "Workspace", "Standards", "HubCore", "SQLiteDB", "PostgresClient", "MariaDBClient", "DemoCollege", "Connectors",
                                                  "TextEncoding", "TestSupport", "XLSX"]),
        .testTarget(name: "DemoCollegeTests", dependencies: ["DemoCollege"]),
        .testTarget(name: "CLITests", dependencies: ["HubCore", "HubCrypto", "SQLiteDB", "PostgresClient", "MariaDBClient", "HTTPClient", "Store", "TextEncoding", "TestSupport",
                                                 "Archiving", "Archiver", "HTTPServer", "XLSX"]),
        .testTarget(name: "ServeTests", dependencies: ["Archiving", "GoldenRecords", "Serve", "Sharing", "RowProcessing", "MappingSuggestions", "Store", "Workspace", "Standards", "HTTPClient", "HTTPServer",
                                                   "HubCore", "HubCrypto", "SQLiteDB", "TestSupport"]),
        .testTarget(name: "WritebackTests", dependencies: ["GoldenRecords", "Writeback", "WritebackDelivery", "Outbox", "Store", "Workspace", "HTTPServer", "HTTPClient", "HubCore",
                                                       "HubCrypto", "SQLiteDB", "PostgresClient", "MariaDBClient", "TestSupport"]),
        .testTarget(name: "HTTPTests", dependencies: ["HTTPClient", "HTTPServer", "HTTPLoad"]),
        .testTarget(name: "SQLiteDBTests", dependencies: ["SQLiteDB"]),
        .testTarget(name: "PostgresClientTests", dependencies: ["PostgresClient"]),
        .testTarget(name: "MariaDBClientTests", dependencies: ["MariaDBClient", "TextEncoding", "TestSupport"]),
        .testTarget(name: "ODBCTests", dependencies: ["ODBCClient", "Connectors", "TextEncoding", "SQLiteDB", "PostgresClient", "HubCore", "Workspace", "TestSupport"]),
        .testTarget(name: "HubCryptoTests", dependencies: ["HubCrypto"]),
        .testTarget(name: "TextEncodingTests", dependencies: ["TextEncoding"]),
        .testTarget(name: "FileLockingTests", dependencies: ["FileLocking"]),
        .testTarget(name: "MappingSuggestionsTests", dependencies: ["MappingSuggestions", "Standards", "Workspace", "HubCore", "TestSupport"]),
        .testTarget(name: "RowProcessingTests", dependencies: ["RowProcessing", "HubCore", "Mapping", "Standards", "Workspace", "TestSupport"]),
    ]
)
