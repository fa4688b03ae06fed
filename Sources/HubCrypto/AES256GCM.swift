import COpenSSL

/// AES-256-GCM through OpenSSL's EVP API, for short messages: a sealed message is
/// `nonce (12 bytes) + ciphertext + tag (16 bytes)`, with a fresh random nonce each time,
/// so sealing the same message twice gives two unrelated texts. Opening checks the tag
/// (and the associated data it covers) before giving anything back.
public enum AES256GCM {
    public static let nonceSize = 12
    public static let tagSize = 16

    /// nil when the key is not 32 bytes or OpenSSL fails (no randomness).
    public static func seal(_ message: [UInt8], key: [UInt8], associated: [UInt8]) -> [UInt8]? {
        guard key.count == 32, let nonce = SecureRandom.bytes(nonceSize), let context = EVP_CIPHER_CTX_new() else { return nil }
        defer { EVP_CIPHER_CTX_free(context) }
        var output = [UInt8](repeating: 0, count: message.count + 16)
        var tag = [UInt8](repeating: 0, count: tagSize)
        var written: Int32 = 0, final: Int32 = 0
        guard EVP_EncryptInit_ex(context, EVP_aes_256_gcm(), nil, key, nonce) == 1,
              associated.isEmpty || EVP_EncryptUpdate(context, nil, &written, associated, Int32(associated.count)) == 1,
              EVP_EncryptUpdate(context, &output, &written, message, Int32(message.count)) == 1 else { return nil }
        let total = Int(written)
        let finished = output.withUnsafeMutableBufferPointer { EVP_EncryptFinal_ex(context, $0.baseAddress.map { $0 + total }, &final) == 1 }
        guard finished, EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, Int32(tagSize), &tag) == 1 else { return nil }
        return nonce + output.prefix(total + Int(final)) + tag
    }

    /// The message, or nil when `sealed` was not sealed under this key with this associated data.
    public static func open(_ sealed: [UInt8], key: [UInt8], associated: [UInt8]) -> [UInt8]? {
        guard key.count == 32, sealed.count >= nonceSize + tagSize, let context = EVP_CIPHER_CTX_new() else { return nil }
        defer { EVP_CIPHER_CTX_free(context) }
        let nonce = Array(sealed.prefix(nonceSize)), ciphertext = Array(sealed.dropFirst(nonceSize).dropLast(tagSize))
        var tag = Array(sealed.suffix(tagSize))
        var output = [UInt8](repeating: 0, count: ciphertext.count + 16)
        var written: Int32 = 0, final: Int32 = 0
        guard EVP_DecryptInit_ex(context, EVP_aes_256_gcm(), nil, key, nonce) == 1,
              associated.isEmpty || EVP_DecryptUpdate(context, nil, &written, associated, Int32(associated.count)) == 1,
              EVP_DecryptUpdate(context, &output, &written, ciphertext, Int32(ciphertext.count)) == 1,
              EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, Int32(tagSize), &tag) == 1 else { return nil }
        let total = Int(written)
        let verified = output.withUnsafeMutableBufferPointer { EVP_DecryptFinal_ex(context, $0.baseAddress.map { $0 + total }, &final) == 1 }
        return verified ? Array(output.prefix(total + Int(final))) : nil
    }
}
