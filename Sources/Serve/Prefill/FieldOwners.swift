import Sharing
import Workspace

/// Which system keeps each element of each entity (数据权威性): the connector of the stream whose
/// values win (`fieldAuthority`, else the entity's `authority`), so a form can say where to change it.
struct FieldOwners: Sendable {
    /// entity -> element -> (connector name, its department or title)
    private let owners: [String: [String: (system: String, title: String)]]
    private let sharing: SharingCatalogue
    /// consumer -> form id -> `of(form, consumer:)` for every consumer and form of the sharing policy,
    /// worked out once per configuration instead of at every prefill.
    private let answered: [String: [String: [String: FieldOwner]]]

    init(workspace: Workspace) {
        sharing = workspace.sharing
        var owners: [String: [String: (system: String, title: String)]] = [:]
        for (name, entity) in workspace.standards.entities {
            for element in entity.elements {
                guard let stream = entity.fieldAuthority[element]?.first ?? entity.authority.first,
                      let connector = workspace.stream(stream)?.connector else { continue }
                owners[name, default: [:]][element] = (connector.name, connector.department ?? connector.title)
            }
        }
        self.owners = owners
        var answered: [String: [String: [String: FieldOwner]]] = [:]
        for consumer in sharing.consumers.keys {
            for form in sharing.forms.values {
                answered[consumer, default: [:]][form.id] = Self.owners(of: form, consumer: consumer, owners: owners, sharing: sharing)
            }
        }
        self.answered = answered
    }

    /// The owners of a form's fields; editable where the consumer may write the field back to its owner.
    /// A form other than the policy's own (a console preview's unsaved one) is worked out anew.
    func of(_ form: PrefillForm, consumer: String) -> [String: FieldOwner] {
        if let known = answered[consumer]?[form.id], sharing.forms[form.id] == form { return known }
        return Self.owners(of: form, consumer: consumer, owners: owners, sharing: sharing)
    }

    private static func owners(of form: PrefillForm, consumer: String, owners: [String: [String: (system: String, title: String)]],
                               sharing: SharingCatalogue) -> [String: FieldOwner] {
        var result: [String: FieldOwner] = [:]
        for element in form.elements {
            guard let owner = owners[form.entity]?[element] else { continue }
            let editable = sharing.writebackGrant(consumer: consumer, entity: form.entity, target: owner.system)?.fields.contains(element) ?? false
            result[element] = FieldOwner(system: owner.system, title: owner.title, editable: editable)
        }
        return result
    }
}
