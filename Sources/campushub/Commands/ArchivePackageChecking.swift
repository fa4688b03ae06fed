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
    static func make(archiveRoot: String, signingKey: HMACKey) -> PackageChecking {
        let folders = CaseArchiver.Folders(root: archiveRoot)
        return { stored, rules in
            // The package id is the store's own ("CH-J045-2026-XSC-D10-1"), but a path is made of it: nothing but a file name.
            guard let id = stored.packageID, !id.isEmpty, !id.contains("/"), !id.hasPrefix(".") else { return nil }
            for (name, folder) in [("packages", folders.packages), ("failed", folders.failed)] {
                let path = folder + "/" + id + ".xml"
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
