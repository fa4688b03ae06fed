import Foundation
import Glibc
import MemoryTrim

/// The process's peak resident memory, per phase: Linux lets a process reset its
/// high-water mark (`/proc/self/clear_refs` 5) and read it (`VmHWM`).
enum PeakMemory {
    /// Starts a new phase; false where the kernel does not allow it (the figure then covers the whole run).
    @discardableResult
    static func reset() -> Bool {
        // What earlier phases freed goes back to the system first: a phase's peak is what it holds, not what they left in glibc's arenas.
        Heap.trim()
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        return (try? handle.write(contentsOf: Data("5".utf8))) != nil
    }

    /// The high-water mark since the last reset (or the start), in MB.
    static var megabytes: Double {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") {
            return kilobytes / 1024
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}
