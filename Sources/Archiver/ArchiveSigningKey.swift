import HubCrypto

/// The key packages are signed with: derived from the installation's key (the store's, which
/// never leaves it), so only this hub can sign, and every instance of it can check.
public enum ArchiveSigningKey {
    public static func derive(installationKey: [UInt8]) -> HMACKey {
        HMACKey(Array(HMACSHA256.hex(key: installationKey, message: "campushub archive package signing v1").utf8), digest: .sm3)
    }
}
