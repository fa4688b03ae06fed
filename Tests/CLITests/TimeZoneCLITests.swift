import Foundation
import TestSupport
import Testing

/// `$CAMPUSHUB_TIME_ZONE`: the college's time zone, checked like the rest of the configuration.
@Suite struct TimeZoneCLITests {
    @Test func checkNamesTheTimeZoneInForce() throws {
        let standard = try runCampusHub(["check", "--workspace", Repository.root], environment: ["CAMPUSHUB_TIME_ZONE": ""])
        #expect(standard.status == 0)
        #expect(standard.stdout.hasSuffix("; time zone Asia/Shanghai\n"))
        let urumqi = try runCampusHub(["check", "--workspace", Repository.root], environment: ["CAMPUSHUB_TIME_ZONE": "Asia/Urumqi"])
        #expect(urumqi.stdout.hasSuffix("; time zone Asia/Urumqi\n"))
    }

    @Test(arguments: [["check"], ["sync", "--all"], ["normalize", "CSRQ"]])
    func anUnknownTimeZoneIsExit78WithAFix(command: [String]) throws {
        let workspace = try Repository.copyWorkspace()
        let result = try runCampusHub(command + ["--workspace", workspace.path], environment: ["CAMPUSHUB_TIME_ZONE": "Beijing"])
        #expect(result.status == 78)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == """
            error: CAMPUSHUB_TIME_ZONE is not an IANA time-zone name (时区名称无效)
            fix: set CAMPUSHUB_TIME_ZONE to a name such as Asia/Shanghai or Asia/Urumqi, or unset it for Asia/Shanghai

            """)
        #expect(!FileManager.default.fileExists(atPath: workspace.file("campushub.db")))
    }
}

/// The CLI's "not found" does not repeat the record key either (stderr ends up in logs).
@Suite struct ShowNotFoundCLITests {
    @Test func showOfAMissingRecordDoesNotEchoTheKey() throws {
        let workspace = try Repository.copyWorkspace()
        #expect(try runCampusHub(["store", "migrate", "--workspace", workspace.path]).status == 0)
        let result = try runCampusHub(["show", "student", "440802200507319675", "--workspace", workspace.path])
        #expect(result.status == 65)
        #expect(result.stderr == """
            error: show: no student with this key in the store
            fix: check the key, or see `campushub rejects` if its source row was quarantined

            """)
    }
}
