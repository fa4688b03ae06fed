import Archiver
import Archiving
import Foundation
import HubCrypto
import Serve
import Store

/// The four checks of a case's package for the console's 电子归档 page (`GET /v1/admin/archive/{id}`):
/// the package the archiver made (`archive/packages/`, or `archive/failed/` when it failed), read back
/// by `PackageInspector` and judged by `FourChecks` against what the store recorded at intake, as
/// `campushub archive package` judged it. Serve reads no package itself: this is injected.
enum ArchivePackageChecking {
    /// An id a file name is made of: not empty, no path separator, not hidden.
    private static func isPlain(_ id: String) -> Bool { !id.isEmpty && !id.contains("/") && !id.hasPrefix(".") }

    static func make(archiveRoot: String, signingKey: HMACKey) -> PackageChecking {
        let folders = CaseArchiver.Folders(root: archiveRoot)
        return { stored, rules in
            // Ids are the store's own ("CH-J045-2026-XSC-D10-1", "case_…"), but a path is made of them: nothing but a file name.
            let places = [("packages", stored.packageID.flatMap { isPlain($0) ? folders.packages + "/" + $0 + ".xml" : nil }),
                          ("failed", isPlain(stored.id) ? CaseArchiver.failedPackage(caseID: stored.id, folders: folders) : nil)]
            for case let (name, path?) in places {
                guard FileManager.default.fileExists(atPath: path) else { continue }
                do {
                    let (facts, steps) = try PackageInspector(signingKey: signingKey).inspect(path)
                    let expected = FourChecks.Expectations(archiveNumber: stored.archiveNumber, caseID: stored.caseNumber, stepsDigest: stored.stepsDigest,
                                                           packageStepsDigest: steps)
                    return PackageCheck(folder: name, findings: FourChecks(rules: rules).run(facts, expecting: expected))
                } catch {
                    return PackageCheck(folder: name, findings: [], unreadable: String(describing: error))
                }
            }
            return nil
        }
    }
}
