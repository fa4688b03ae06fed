import COpenSSL
import Dispatch
import Foundation
import Synchronization

/// The digests an archival package records for each file: SM3 (GB/T 32905-2016, the national
/// hash DA/T 70 expects) and SHA-256 beside it.
public enum DigestAlgorithm: String, Sendable, CaseIterable {
    case sm3 = "SM3"
    case sha256 = "SHA256"
}

/// A digest fed in pieces (a file read in blocks, never whole), through OpenSSL's EVP API. Owns
/// its EVP_MD_CTX; read it once with `finish()`.
public final class IncrementalDigest {
    public let algorithm: DigestAlgorithm
    private let context: OpaquePointer
    private var finished = false

    /// nil when this OpenSSL has no such algorithm (SM3 is in OpenSSL 3's default provider).
    public init?(_ algorithm: DigestAlgorithm) {
        guard let md = FetchedDigests.shared.algorithm(algorithm), let context = EVP_MD_CTX_new() else { return nil }
        guard EVP_DigestInit_ex(context, md, nil) == 1 else {
            EVP_MD_CTX_free(context)
            return nil
        }
        self.algorithm = algorithm
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        precondition(!finished, "IncrementalDigest.update after finish")
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        let start = DispatchTime.now().uptimeNanoseconds
        EVP_DigestUpdate(context, base, bytes.count)
        DigestTime.add(DispatchTime.now().uptimeNanoseconds - start, bytes: bytes.count)
    }

    public func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The digest of everything fed, as lower-case hex.
    public func finish() -> String {
        precondition(!finished, "IncrementalDigest.finish twice")
        finished = true
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        _ = output.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, &length) }
        return SHA256.hexString(Array(output.prefix(Int(length))))
    }

    /// The digest of `bytes`, in one call.
    public static func hex(_ algorithm: DigestAlgorithm, bytes: [UInt8]) -> String? {
        guard let digest = IncrementalDigest(algorithm) else { return nil }
        digest.update(bytes)
        return digest.finish()
    }
}

/// The EVP_MD of each algorithm, fetched once for the process (never freed; OpenSSL allows one
/// EVP_MD to be shared by any number of threads).
private final class FetchedDigests: @unchecked Sendable {
    static let shared = FetchedDigests()
    private let sm3: OpaquePointer? = EVP_MD_fetch(nil, "SM3", nil)
    private let sha256: OpaquePointer? = EVP_MD_fetch(nil, "SHA256", nil)

    func algorithm(_ algorithm: DigestAlgorithm) -> OpaquePointer? {
        switch algorithm {
        case .sm3: sm3
        case .sha256: sha256
        }
    }
}

/// Time spent in digest updates and the bytes digested, process-wide: `bench archive` reports
/// the share of a package's making and checking that goes to SM3 and SHA-256.
public enum DigestTime {
    private static let nanoseconds = Atomic<UInt64>(0)
    private static let digested = Atomic<UInt64>(0)

    static func add(_ elapsed: UInt64, bytes: Int) {
        nanoseconds.add(elapsed, ordering: .relaxed)
        digested.add(UInt64(bytes), ordering: .relaxed)
    }

    /// Seconds and bytes so far.
    public static var total: (seconds: Double, bytes: UInt64) {
        (Double(nanoseconds.load(ordering: .relaxed)) / 1e9, digested.load(ordering: .relaxed))
    }
}

extension IncrementalDigest {
    /// The digest of the file at `path` (of bytes `range` of it, when given), read in blocks of 64 KiB;
    /// nil when the file cannot be opened or is shorter than the range.
    public static func hex(_ algorithm: DigestAlgorithm, file path: String, range: Range<Int>? = nil) throws -> String? {
        guard let digest = IncrementalDigest(algorithm), let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var left = Int.max
        if let range {
            try handle.seek(toOffset: UInt64(range.lowerBound))
            left = range.count
        }
        while left > 0, let data = try handle.read(upToCount: min(left, 1 << 16)), !data.isEmpty {
            data.withUnsafeBytes { digest.update($0) }
            left -= data.count
        }
        return range == nil || left == 0 ? digest.finish() : nil
    }
}
