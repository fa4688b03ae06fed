extension String {
    /// Calls `body` with the string's UTF-8, in place when the string is
    /// native (nearly always), else on a contiguous copy.
    func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return copy.withUTF8(body)
    }
}
