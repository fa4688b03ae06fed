import Archiving
import Store

/// A case's package read back through DA/T 70's four checks, for the console's 电子归档 page.
/// The `campushub` executable runs them (the package inspector is Archiver's; Serve reads no
/// package itself) and injects them as `PackageChecking`, as it injects the sample reader.
public struct PackageCheck: Sendable, Equatable {
    /// Where the package lies: "packages" (made and passed) or "failed" (kept out of the archive).
    public let folder: String
    public let findings: [CheckFinding]
    /// Why the package could not be read at all (then there are no findings).
    public let unreadable: String?

    public init(folder: String, findings: [CheckFinding], unreadable: String? = nil) {
        self.folder = folder
        self.findings = findings
        self.unreadable = unreadable
    }
}

/// The checks of the stored case's package under the rules in force; nil when it has no package on disk.
public typealias PackageChecking = @Sendable (StoredCase, ArchivingRules) -> PackageCheck?
