/// One exported table of the demo college's source systems, as plain text cells.
public struct DemoTable: Sendable, Equatable {
    public let name: String
    public let columns: [String]
    /// One array per row, in column order; `nil` is SQL NULL or an empty CSV cell.
    public var rows: [[String?]]

    public init(name: String, columns: [String], rows: [[String?]]) {
        self.name = name
        self.columns = columns
        self.rows = rows
    }
}

/// A value made invalid on purpose; the hub must quarantine this row (or, as one of
/// `DemoCollegeData.warnings`, keep it with a warning).
public struct DemoDefect: Sendable, Equatable {
    /// "t_jzg" or "xsjbxx".
    public let table: String
    /// The row's key (ZGH for t_jzg, 学号 for xsjbxx), exactly as written in the source.
    public let key: String
    /// The data element that fails: "SFZJH", "CSRQ" or "XBM".
    public let element: String
    /// "checksum", "format", "birthdate", "date" or "code".
    public let rule: String

    public init(table: String, key: String, element: String, rule: String) {
        self.table = table
        self.key = key
        self.element = element
        self.rule = rule
    }
}

/// Everything the demo college's department systems export.
public struct DemoCollegeData: Sendable {
    /// "t_dw", the data centre's unit table.
    public let units: DemoTable
    /// "t_zy", majors.
    public let majors: DemoTable
    /// "t_bj", classes.
    public let classes: DemoTable
    /// "t_jzg", staff (data centre, "…DM" column names).
    public let staff: DemoTable
    /// "xsjbxx", students (academic affairs CSV export, Chinese headers).
    public let students: DemoTable
    /// Every value that was made invalid on purpose, one per defective row.
    public let defects: [DemoDefect]
    /// Values planted that the standards keep with a warning (`rule` is the warning's rule).
    public var warnings: [DemoDefect] = []
}
