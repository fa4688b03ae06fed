import HubCore
import Sharing
import Store

/// The console's read-only view of who may see what: consumers (and which are admins), their
/// tokens without secrets, every policy with its fields, masks, scope, purposes and expiry, and the forms.
struct AccessJSON {
    let sharing: SharingCatalogue
    let tokens: [TokenRecord]
    /// An instant (token expiry), ISO 8601 UTC.
    let now: String
    /// The college's day, yyyy-MM-dd (policy expiry).
    let today: String

    func write(into writer: inout JSONWriter) {
        writer.object { root in
            root.member("consumers") { $0.array(sharing.consumers.values.sorted { $0.name < $1.name }) { item, consumer in
                item.object { o in
                    o.string("name", consumer.name)
                    o.string("title", consumer.title)
                    o.string("department", consumer.department)
                    o.member("origins") { $0.array(consumer.origins) { $0.string($1) } }
                    o.bool("admin", sharing.admins[consumer.name] != nil)
                }
            } }
            root.member("tokens") { $0.array(tokens) { AdminJSON.token($1, now: now, into: &$0) } }
            root.member("policies") { $0.array(sharing.policies) { item, policy in
                item.object { o in
                    o.string("consumer", policy.consumer)
                    o.string("entity", policy.entity)
                    o.member("fields") { $0.array(policy.fields) { $0.string($1) } }
                    o.member("masks") { $0.object { m in for (element, mask) in policy.masks.sorted(by: { $0.key < $1.key }) { m.string(element, mask.description) } } }
                    o.member("scope") { $0.object { s in
                        for (element, values) in policy.scope.sorted(by: { $0.key < $1.key }) { s.member(element) { $0.array(values) { $0.string($1) } } }
                    } }
                    o.member("purposes") { $0.array(policy.purposes) { $0.string($1) } }
                    o.member("forms") { $0.array(policy.forms) { $0.string($1) } }
                    o.member("cases") { $0.array(policy.cases) { $0.string($1) } }
                    o.string("expires", policy.expires)
                    o.bool("valid", policy.isValid(today: today))
                    o.member("writebacks") { $0.array(policy.writebacks) { w, grant in w.object { g in
                        g.string("target", grant.target)
                        g.member("fields") { $0.array(grant.fields) { $0.string($1) } }
                    } } }
                }
            } }
            root.member("forms") { $0.array(sharing.forms.values.sorted { $0.id < $1.id }) { item, form in
                item.object { o in
                    o.string("id", form.id)
                    o.string("title", form.title)
                    o.string("entity", form.entity)
                    o.member("elements") { $0.array(form.elements) { $0.string($1) } }
                }
            } }
        }
    }
}
