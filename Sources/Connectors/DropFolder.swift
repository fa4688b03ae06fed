import Foundation
import Glibc
import HubCore

/// A CSV stream's file may name a drop folder pattern, `exports/xsjbxx-*.csv`:
/// the newest matching file (by modification time) is read.
public enum DropFolder {
    public static func isPattern(_ path: String) -> Bool {
        URL(fileURLWithPath: path).lastPathComponent.contains { "*?[".contains($0) }
    }

    /// The newest file matching the pattern's last component in its folder.
    public static func newest(matching pattern: String) throws(HubError) -> String {
        let url = URL(fileURLWithPath: pattern)
        let folder = url.deletingLastPathComponent().path
        let glob = url.lastPathComponent
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw HubError.temporary("cannot read the drop folder \(folder)", fix: "check that the folder exists and is readable")
        }
        var newest: (path: String, modified: Date)?
        for name in names where fnmatch(glob, name, 0) == 0 {
            let path = folder + "/" + name
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                  attributes[.type] as? FileAttributeType == .typeRegular,
                  let modified = attributes[.modificationDate] as? Date else { continue }
            if newest.map({ modified > $0.modified || (modified == $0.modified && path > $0.path) }) ?? true { newest = (path, modified) }
        }
        guard let newest else {
            throw HubError.temporary("no file in \(folder) matches \(glob)", fix: "check that tonight's export has been delivered to the drop folder")
        }
        return newest.path
    }
}
