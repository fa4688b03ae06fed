import Foundation
import TestSupport
import Testing

/// How the command line is read: `--`, values that look like options, options per command, suggestions.
@Suite struct ArgumentsCLITests {
    @Test func doubleDashEndsTheOptions() throws {
        let result = try runCampusHub(["sync", "--workspace", Repository.root, "--", "--all"])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("error: sync: unknown stream --all\n"))
    }

    @Test(arguments: [(["rejects", "--stream", "--json"], "rejects: --stream needs a value (STREAM), not the option --json"),
                      (["sync", "--lock-wait", "--dry-run"], "sync: --lock-wait needs a value (SECONDS), not the option --dry-run"),
                      (["rejects", "--stream"], "rejects: --stream needs a value (STREAM)")])
    func anOptionsValueIsNeverAnotherOption(arguments: [String], message: String) throws {
        let result = try runCampusHub(arguments)
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("error: \(message)\n"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func aValueMayStartWithOneDashOrBeGivenWithEquals() throws {
        let result = try runCampusHub(["rejects", "--stream=--json", "--limit", "-3"])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("error: --limit must be a whole number from 1 to 1000000\n"), "\(result.stderr)")
    }

    @Test(arguments: [["version", "--store", "sqlite:x.db"], ["version", "--workspace", "."], ["check", "--key-file", "k"],
                      ["check", "--store", "sqlite:x.db"], ["normalize", "XBM", "--store", "sqlite:x.db"], ["preview", "jw.students", "--key-file", "k"]])
    func aCommandTakesOnlyTheCommonOptionsItUses(arguments: [String]) throws {
        let result = try runCampusHub(arguments)
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("error: \(arguments[0]): unknown option \(arguments[arguments.count - 2])\n"), "\(result.stderr)")
        #expect(result.stderr.contains("fix: see `campushub \(arguments[0]) --help`"))
    }

    @Test func helpAndVerboseWorkEverywhere() throws {
        #expect(try runCampusHub(["version", "--verbose"]).status == 0)
        #expect(try runCampusHub(["version", "--help"]).stdout.hasPrefix("usage: campushub version [--verbose] [--help]\n"))
    }

    @Test func misspelledCommandsAndOptionsGetASuggestion() throws {
        let command = try runCampusHub(["snyc", "--all"])
        #expect(command.status == 64)
        #expect(command.stderr == "error: unknown command \"snyc\"\nfix: did you mean `campushub sync`? (`campushub --help` lists the commands)\n")
        let help = try runCampusHub(["help", "rejets"])
        #expect(help.status == 64)
        #expect(help.stderr.contains("did you mean `campushub rejects`?"))
        let option = try runCampusHub(["rejects", "--stram", "jw.students"])
        #expect(option.status == 64)
        #expect(option.stderr == "error: rejects: unknown option --stram\nfix: did you mean --stream? (see `campushub rejects --help`)\n")
        let far = try runCampusHub(["runs", "--frob"])
        #expect(far.stderr == "error: runs: unknown option --frob\nfix: see `campushub runs --help`\n")
    }

    @Test func wrongPositionalsShowTheGeneratedUsage() throws {
        let result = try runCampusHub(["show", "student"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("fix: usage: campushub show ENTITY KEY [--json] [--history] [--workspace DIR] [--store URL] [--key-file PATH]"),
                "\(result.stderr)")
    }
}
