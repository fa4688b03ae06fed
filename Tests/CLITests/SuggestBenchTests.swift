import Foundation
import HubCore
import TestSupport
import Testing

/// The suggester's quality on the demo college (a quality figure, not a timing): `bench suggest` scores its
/// proposals for every demo stream's columns against the repository's own mappings.
@Suite struct SuggestBenchTests {
    @Test func theSuggesterMapsAtLeastNinetyPercentOfTheDemoColumnsRight() throws {
        let result = try runCampusHub(["bench", "suggest", "--json", "--workspace", Repository.root])
        #expect(result.status == 0, "\(result.stderr)")
        guard case let .object(members)? = try? JSONParser.parse(result.stdout),
              case let .number(right)? = members.first(where: { $0.key == "right" })?.value,
              case let .number(total)? = members.first(where: { $0.key == "total" })?.value,
              let rightCount = right.int, let totalCount = total.int else {
            Issue.record("bench suggest --json printed \(result.stdout)")
            return
        }
        #expect(totalCount == 60, "the demo mappings read 60 source columns")
        #expect(Double(rightCount) / Double(totalCount) >= 0.9, "\(rightCount) of \(totalCount) columns mapped right")
    }
}
