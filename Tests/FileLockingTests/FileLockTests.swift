import FileLocking
import Foundation
import Testing

@Suite struct FileLockTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("filelock-\(UUID().uuidString)").path

    @Test func aHeldLockKeepsOthersOutUntilItIsReleased() throws {
        let path = folder + "/locks/jw.students.lock"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var held = try FileLock.acquire(path: path, wait: 0)
        #expect(held != nil)
        #expect(FileManager.default.fileExists(atPath: path))
        // flock is per open file description: another acquisition in this process is refused too.
        #expect(try FileLock.acquire(path: path, wait: 0) == nil)
        #expect(try FileLock.acquire(path: path, wait: 0.3, poll: 0.05) == nil)
        held = nil
        #expect(try FileLock.acquire(path: path, wait: 0) != nil)
    }

    @Test func aFolderThatCannotBeMadeIsNamed() throws {
        let blocker = folder + "-file"
        #expect(FileManager.default.createFile(atPath: blocker, contents: Data()))
        defer { try? FileManager.default.removeItem(atPath: blocker) }
        #expect {
            _ = try FileLock.acquire(path: blocker + "/sub/x.lock", wait: 0)
        } throws: { error in
            (error as? FileLockError)?.path == blocker + "/sub/x.lock"
        }
    }
}
