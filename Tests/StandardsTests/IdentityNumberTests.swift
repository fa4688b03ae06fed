import Testing
@testable import Standards

/// Cases from standards.md §4.5 (check characters computed independently there).
@Suite struct IdentityNumberTests {
    @Test(arguments: [
        ("11010519491231002X", "11010519491231002X", "19491231", "2"),
        ("11010519491231002x", "11010519491231002X", "19491231", "2"),
        ("440524188001010014", "440524188001010014", "18800101", "1"),
        ("110101200503151016", "110101200503151016", "20050315", "1"),
        ("440306200407222020", "440306200407222020", "20040722", "2"),
        ("510107200311113333", "510107200311113333", "20031111", "1"),
        ("810000199901011236", "810000199901011236", "19990101", "1"),
        ("820000200202027893", "820000200202027893", "20020202", "1"),
        ("830000200106304565", "830000200106304565", "20010630", "2"),
        ("91184019850101001X", "91184019850101001X", "19850101", "1"),
        (" 440308199901101512 ", "440308199901101512", "19990110", "1"),
        ("4403 0819 9901 1015 12", "440308199901101512", "19990110", "1"),
        ("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X", "19491231", "2"),
        ("110105491231002", "11010519491231002X", "19491231", "2"),
    ])
    func acceptsValidNumbers(raw: String, normalized: String, birth: String, gender: String) throws {
        let parsed = try IdentityNumber.parse(raw).get()
        #expect(parsed.number == normalized)
        #expect(parsed.birthDate.compact == birth)
        #expect(parsed.genderCode == gender)
        #expect(parsed.upgradedFrom15 == (raw.count == 15))
    }

    @Test(arguments: [
        ("110101200001011230", IdentityNumber.Problem.wrongCheckCharacter),
        ("1.10105E+17", .excelMangled),
        ("4.40981E+17", .excelMangled),
        ("110105194912310000", .wrongCheckCharacter),
        ("110101200002300000", .impossibleBirthDate),
        ("11010520001301002X", .impossibleBirthDate),
        ("1101051949123100", .malformed),
        ("11010519491231002Y", .malformed),
        ("", .malformed),
        ("ABCDEFGHIJKLMNOPQR", .malformed),
    ])
    func rejectsInvalidNumbers(raw: String, problem: IdentityNumber.Problem) {
        #expect(throws: problem) { try IdentityNumber.parse(raw).get() }
    }

    @Test func checkCharacterFollowsMod11_2() {
        #expect(IdentityNumber.checkCharacter(Array("11010519491231002".utf8)) == "X")
        #expect(IdentityNumber.checkCharacter(Array("11010120000101123".utf8)) == "2")
    }
}
