import Sharing
import TestSupport
import Testing
import Workspace
@testable import Serve

/// Who keeps a prefill's fields is worked out once per configuration for the policy's own forms;
/// a form the policy does not have as given (a console preview's draft) is worked out anew.
@Suite struct FieldOwnersTests {
    @Test func thePolicysFormsAreAnsweredAsWorkedOut() throws {
        let directory = try Repository.copyWorkspace()
        let workspace = try WorkspaceLoader.load(root: directory.path)
        let owners = FieldOwners(workspace: workspace)
        let form = try #require(workspace.sharing.forms["student-leave"])
        let answer = owners.of(form, consumer: "service-hall")
        #expect(answer["YDDH"]?.editable == true)
        #expect(answer["XM"]?.editable == false)
        #expect(answer["YDDH"]?.system == "xg")
        #expect(answer["XM"]?.system == "jw")
        #expect(Set(answer.keys).isSubset(of: Set(form.elements)))
        // Another consumer may write nothing back: the same owners, none editable.
        let library = owners.of(form, consumer: "library")
        #expect(library.keys.sorted() == answer.keys.sorted())
        #expect(library.values.allSatisfy { !$0.editable })
        // A name the policy does not know is answered too.
        #expect(owners.of(form, consumer: "nobody").values.allSatisfy { !$0.editable })
    }

    @Test func aDraftFormUnderASavedFormsIDGetsItsOwnAnswer() throws {
        let directory = try Repository.copyWorkspace()
        let workspace = try WorkspaceLoader.load(root: directory.path)
        let owners = FieldOwners(workspace: workspace)
        let saved = try #require(workspace.sharing.forms["student-leave"])
        #expect(owners.of(saved, consumer: "service-hall")["DZYX"] == nil)
        let draft = PrefillForm(id: saved.id, title: saved.title, entity: saved.entity, elements: saved.elements + ["DZYX"])
        #expect(owners.of(draft, consumer: "service-hall")["DZYX"]?.editable == true)
        let fewer = PrefillForm(id: saved.id, title: saved.title, entity: saved.entity, elements: ["XM"])
        #expect(owners.of(fewer, consumer: "service-hall").keys.sorted() == ["XM"])
    }
}
