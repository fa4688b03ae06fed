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
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CMicroHTTPD", pkgConfig: "libmicrohttpd", providers: [.apt(["libmicrohttpd-dev"])]),
        .systemLibrary(name: "CMalloc"),

        // Wrappers: the only code that touches the C handles.
        .target(name: "SQLiteDB", dependencies: ["CSQLite"]),
        .target(name: "HubCrypto", dependencies: ["COpenSSL"]),
        .target(name: "PostgresClient", dependencies: ["CLibPQ"]),
        .target(name: "HTTPClient", dependencies: ["CCurl"]),
        .target(name: "HTTPServer", dependencies: ["CMicroHTTPD"]),

        // Domain: values, errors, JSON, logging. No C, no I/O beyond stderr.
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
        .target(name: "Workspace", dependencies: ["HubCore", "Standards", "Mapping", "Sharing"]),
        // Sources: CSV files, SQLite databases.
        .target(name: "Connectors", dependencies: ["HubCore", "SQLiteDB", "PostgresClient", "HTTPClient", "Workspace"]),
        // The store: protocol and the embedded SQLite implementation.
        .target(name: "Store", dependencies: ["HubCore", "SQLiteDB", "PostgresClient", "HubCrypto", "Standards", "Sharing", "Outbox"]),
        // Sync: source -> mapping -> normalisation -> store.
        .target(name: "Sync", dependencies: ["HubCore", "Standards", "Mapping", "Workspace", "Connectors", "Store", "CMalloc"]),
        // Write-backs: intake checks, delivery to HTTP and SQL targets, the dispatcher.
        .target(name: "Writeback", dependencies: ["HubCore", "HubCrypto", "Standards", "Sharing", "Workspace", "Store", "Outbox",
                                                  "HTTPClient", "SQLiteDB", "PostgresClient"]),
        // The HTTP API: tokens, policies applied to reads, audit log, metrics, OpenAPI document.
        .target(name: "Serve", dependencies: ["HubCore", "HubCrypto", "Standards", "Sharing", "Workspace", "Store", "Outbox", "Writeback", "Sync", "HTTPServer", "HTTPClient"]),
        // The demo college's generated source data (pure generation + writers).
        .target(name: "DemoCollege", dependencies: ["HubCore", "HubCrypto", "SQLiteDB", "Connectors", "HTTPServer"]),

        .executableTarget(
            name: "campushub",
            dependencies: ["HubCore", "Standards", "Mapping", "Workspace", "Connectors", "Store", "Sync", "DemoCollege",
                           "Sharing", "Serve", "Outbox", "Writeback", "SQLiteDB", "PostgresClient", "HTTPClient"]
        ),

        // Temporary folders, the repository's workspace, running the binary.
        .target(name: "TestSupport", dependencies: ["Store", "PostgresClient"], path: "Tests/TestSupport"),

        .testTarget(name: "HubCoreTests", dependencies: ["HubCore"]),
        .testTarget(name: "StandardsTests", dependencies: ["Standards", "HubCore"]),
        .testTarget(name: "SharingTests", dependencies: ["Sharing", "HubCore"]),
        .testTarget(name: "OutboxTests", dependencies: ["Outbox"]),
        .testTarget(name: "MappingTests", dependencies: ["Mapping", "Standards", "HubCore"]),
        .testTarget(name: "WorkspaceTests", dependencies: ["Workspace", "Standards", "Sharing", "HubCore", "TestSupport"]),
        .testTarget(name: "ConnectorsTests", dependencies: ["Connectors", "SQLiteDB", "PostgresClient", "HTTPServer", "HubCore", "Workspace", "TestSupport"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Sharing", "HubCore", "HubCrypto", "Standards", "SQLiteDB", "PostgresClient", "TestSupport"]),
        .testTarget(name: "SyncTests", dependencies: ["Sync", "Store", "Workspace", "Standards", "HubCore", "SQLiteDB", "PostgresClient", "DemoCollege", "Connectors", "TestSupport"]),
        .testTarget(name: "DemoCollegeTests", dependencies: ["DemoCollege", "HubCore"]),
        .testTarget(name: "CLITests", dependencies: ["HubCore", "HubCrypto", "SQLiteDB", "PostgresClient", "HTTPClient", "Store", "TestSupport"]),
        .testTarget(name: "ServeTests", dependencies: ["Serve", "Sync", "Store", "Workspace", "HTTPClient", "HTTPServer", "HubCore", "SQLiteDB", "TestSupport"]),
        .testTarget(name: "WritebackTests", dependencies: ["Writeback", "Outbox", "Store", "Workspace", "HTTPServer", "HTTPClient", "HubCore",
                                                       "HubCrypto", "SQLiteDB", "PostgresClient", "TestSupport"]),
        .testTarget(name: "HTTPTests", dependencies: ["HTTPClient", "HTTPServer"]),
        .testTarget(name: "SQLiteDBTests", dependencies: ["SQLiteDB"]),
        .testTarget(name: "PostgresClientTests", dependencies: ["PostgresClient"]),
        .testTarget(name: "HubCryptoTests", dependencies: ["HubCrypto"]),
    ]
)
