import CZip
import Glibc

/// Why a zip archive could not be read or written: what libzip said, never file contents.
public struct ZipError: Error, Equatable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
    init(_ message: String) { self.message = message }
}

/// A zip archive opened read-only through libzip. Owns its zip_t. Entries are read in
/// blocks through `ZipEntryReader`, never whole; an entry whose declared size is over the
/// caller's limit, or that inflates too far for its compressed size (a zip bomb), is refused
/// before a byte of it is inflated.
public final class ZipArchive {
    fileprivate let archive: OpaquePointer

    public init(path: String) throws(ZipError) {
        var code: Int32 = 0
        guard let archive = zip_open(path, ZIP_RDONLY, &code) else {
            throw ZipError("not a readable zip archive (\(Self.message(code: code)))")
        }
        self.archive = archive
    }

    deinit { zip_discard(archive) }

    /// Declared sizes of an entry, nil when the archive has no entry of that name.
    public func entry(_ name: String) -> (index: UInt64, size: UInt64, compressedSize: UInt64)? {
        let index = zip_name_locate(archive, name, 0)
        guard index >= 0 else { return nil }
        var stat = zip_stat_t()
        zip_stat_init(&stat)
        guard zip_stat_index(archive, UInt64(index), 0, &stat) == 0 else { return nil }
        return (UInt64(index), stat.size, stat.comp_size)
    }

    /// The entry named `name`, for reading in blocks. `maxBytes`: the largest inflated size accepted;
    /// `maxRatio`: the largest inflated/compressed ratio accepted for entries over 16 MiB.
    public func open(_ name: String, maxBytes: UInt64, maxRatio: UInt64 = 1000) throws(ZipError) -> ZipEntryReader? {
        guard let entry = entry(name) else { return nil }
        if entry.size > maxBytes {
            throw ZipError("the entry \(name) declares \(entry.size) bytes, over the limit of \(maxBytes)")
        }
        if entry.size > 16 << 20, entry.size / max(entry.compressedSize, 1) > maxRatio {
            throw ZipError("the entry \(name) inflates \(entry.size / max(entry.compressedSize, 1)) times its compressed size (a zip bomb?)")
        }
        guard let file = zip_fopen_index(archive, entry.index, 0) else {
            throw ZipError("cannot open the entry \(name) (\(String(cString: zip_strerror(archive))))")
        }
        return ZipEntryReader(archive: self, file: file, name: name, limit: entry.size)
    }

    static func message(code: Int32) -> String {
        var error = zip_error_t()
        zip_error_init_with_code(&error, code)
        defer { zip_error_fini(&error) }
        return String(cString: zip_error_strerror(&error))
    }
}

/// One entry of an open archive, read in blocks. Owns its zip_file_t and keeps the archive alive.
public final class ZipEntryReader {
    private let archive: ZipArchive
    private let file: OpaquePointer
    private let name: String
    private let limit: UInt64
    private var total: UInt64 = 0

    fileprivate init(archive: ZipArchive, file: OpaquePointer, name: String, limit: UInt64) {
        self.archive = archive
        self.file = file
        self.name = name
        self.limit = limit
    }

    deinit { zip_fclose(file) }

    /// Fills `buffer` from the start; returns how many bytes it holds, 0 at the end of the entry.
    /// More bytes than the entry declared is an error (a lying header), as is a bad checksum.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(ZipError) -> Int {
        let count = zip_fread(file, buffer.baseAddress, UInt64(buffer.count))
        guard count >= 0 else {
            throw ZipError("the entry \(name) could not be read (\(String(cString: zip_file_strerror(file))))")
        }
        total += UInt64(count)
        if total > limit { throw ZipError("the entry \(name) holds more bytes than it declares") }
        return Int(count)
    }
}

/// A zip archive written through libzip: entries from memory or from files, compressed
/// (deflate) when `close()` writes the archive. Owns its zip_t until then.
public final class ZipWriter {
    private var archive: OpaquePointer?

    public init(path: String) throws(ZipError) {
        var code: Int32 = 0
        guard let archive = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &code) else {
            throw ZipError("cannot create the zip archive (\(ZipArchive.message(code: code)))")
        }
        self.archive = archive
    }

    deinit { if let archive { zip_discard(archive) } }

    /// Adds an entry holding `bytes` (copied; libzip frees the copy).
    public func add(_ name: String, bytes: [UInt8]) throws(ZipError) {
        guard let archive else { throw ZipError("the archive is closed") }
        guard let copy = malloc(max(bytes.count, 1)) else { throw ZipError("out of memory") }
        bytes.withUnsafeBytes { if let base = $0.baseAddress { copy.copyMemory(from: base, byteCount: bytes.count) } }
        guard let source = zip_source_buffer(archive, copy, UInt64(bytes.count), 1) else {
            free(copy)
            throw ZipError("cannot add \(name) (\(String(cString: zip_strerror(archive))))")
        }
        try add(name, source: source)
    }

    /// Adds an entry whose bytes are the file at `path`, read when the archive is closed (keep the file until then).
    public func add(_ name: String, file path: String) throws(ZipError) {
        guard let archive else { throw ZipError("the archive is closed") }
        guard let source = zip_source_file(archive, path, 0, -1) else {
            throw ZipError("cannot add \(name) (\(String(cString: zip_strerror(archive))))")
        }
        try add(name, source: source)
    }

    private func add(_ name: String, source: OpaquePointer) throws(ZipError) {
        guard let archive else { return }
        guard zip_file_add(archive, name, source, zip_flags_t(ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8)) >= 0 else {
            zip_source_free(source)
            throw ZipError("cannot add \(name) (\(String(cString: zip_strerror(archive))))")
        }
    }

    /// Writes the archive.
    public func close() throws(ZipError) {
        guard let archive else { return }
        guard zip_close(archive) == 0 else {
            let message = String(cString: zip_strerror(archive))
            zip_discard(archive)
            self.archive = nil
            throw ZipError("cannot write the zip archive (\(message))")
        }
        self.archive = nil
    }
}
