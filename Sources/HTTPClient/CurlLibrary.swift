import CCurl

/// libcurl facts; the easy-handle wrapper arrives with the HTTP connector.
public enum CurlLibrary {
    /// e.g. "libcurl/7.88.1 OpenSSL/3.0.19 zlib/1.2.13 ..."
    public static var version: String { String(cString: curl_version()) }
}
