import Standards

/// Makes copies of the generator's pool rows into distinct people for the sync
/// bench: 100,000 students are 100,000 people, not the pool ten times over
/// (which would make every tenth record the same person and its traits collide).
enum DistinctPeople {
    static let givenNameSuffixes = Array("明华强伟芳敏静丽军杰涛磊超勇艳娜霞平刚桂")

    /// The identity number of pool copy `round` (0: the number itself): another sequence
    /// number of the same parity (the sex digit), a fresh check character. Only clean
    /// 18-character numbers change; dirty ones stay as the pool wrote them.
    static func identityNumber(_ number: String, round: Int) -> String {
        let bytes = Array(number.utf8)
        guard round > 0, bytes.count == 18, bytes[0..<17].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let sequence = Int(String(decoding: bytes[14..<17], as: UTF8.self)) else { return number }
        let shifted = (sequence + round * 2) % 1000
        let body = String(decoding: bytes[0..<14], as: UTF8.self) + String(format: "%03d", shifted)
        return body + String(IdentityNumber.checkCharacter(Array(body.utf8)))
    }

    /// The name of pool copy `round`: one or two more given-name characters (dirty names too, so that
    /// no two copies share name and birth date: those would all be candidate matches of one another).
    static func name(_ name: String, round: Int) -> String {
        guard round > 0 else { return name }
        let count = givenNameSuffixes.count
        let first = String(givenNameSuffixes[(round - 1) % count])
        return name + first + (round > count ? String(givenNameSuffixes[((round - 1) / count) % count]) : "")
    }
}
