import HubCore
import Standards
import Store

/// A golden record laid out for people (aligned text) or programs (JSON).
public struct RecordView {
    public let record: GoldenRecord
    public let definition: EntityDefinition
    public let catalogue: StandardsCatalogue
    public let versions: [RecordVersion]
    public let events: [RecordEvent]
    public let active: Bool
    public let person: PersonView?
    /// Fields with a write-back the owner has not confirmed yet, and its state.
    public let writebacks: [String: String]
    /// Open conflicts between the record's sources (console only).
    public let conflicts: [ConflictEntry]
    /// The person's service-hall cases on their way into the archive, newest first (console only),
    /// and the titles of their service items.
    public let cases: [StoredCase]
    public let itemTitles: [String: String]

    public init(record: GoldenRecord, definition: EntityDefinition, catalogue: StandardsCatalogue, versions: [RecordVersion],
                events: [RecordEvent], active: Bool, person: PersonView?, writebacks: [String: String], conflicts: [ConflictEntry] = [],
                cases: [StoredCase] = [], itemTitles: [String: String] = [:]) {
        self.cases = cases
        self.itemTitles = itemTitles
        self.record = record
        self.definition = definition
        self.catalogue = catalogue
        self.versions = versions
        self.events = events
        self.active = active
        self.person = person
        self.writebacks = writebacks
        self.conflicts = conflicts
    }

    /// Fields in the entity's configured order, then any others by code.
    public var elements: [String] {
        let known = definition.elements.filter { record.fields[$0] != nil }
        return known + record.fields.keys.filter { !known.contains($0) }.sorted()
    }

    public var json: String {
        var writer = JSONWriter()
        writer.object { o in
            o.string("entity", record.entity)
            o.string("key", record.key)
            o.number("version", record.version)
            o.bool("active", active)
            if let person {
                o.member("person") { w in
                    w.object { p in
                        p.string("id", person.person)
                        p.member("roles") { w in
                            w.array(person.roles) { w, role in
                                w.object { r in
                                    r.string("entity", role.entity)
                                    r.string("key", role.key)
                                    r.string("basis", role.basis)
                                }
                            }
                        }
                    }
                }
            }
            o.string("createdAt", record.createdAt)
            o.string("updatedAt", record.updatedAt)
            o.member("fields") { w in
                w.object { f in
                    for element in elements {
                        let value = record.fields[element] ?? ""
                        f.member(element) { w in
                            w.object { e in
                                e.string("value", value)
                                e.string("label", catalogue.label(element: element, value: value))
                                e.string("name", catalogue.elements[element]?.name)
                                if let p = record.provenance[element] {
                                    e.string("source", p.stream)
                                    if p.row > 0 { e.number("row", p.row) }
                                    e.number("run", Int(p.run))
                                    e.string("asOf", p.at)
                                }
                                if let state = writebacks[element] { e.string("writeback", state) }
                            }
                        }
                    }
                }
            }
            if !conflicts.isEmpty {
                o.member("conflicts") { w in
                    w.array(conflicts) { w, conflict in
                        w.object { c in
                            c.string("element", conflict.element)
                            c.string("goldenStream", conflict.goldenStream)
                            c.string("goldenValue", conflict.goldenValue)
                            c.member("others") { w in
                                w.array(conflict.others) { w, other in w.object { v in
                                    v.string("stream", other.stream)
                                    v.string("value", other.value)
                                } }
                            }
                            c.string("openedAt", conflict.openedAt)
                        }
                    }
                }
            }
            if !cases.isEmpty {
                o.member("cases") { w in
                    w.array(cases) { w, item in w.object { c in
                        c.string("id", item.id)
                        c.string("item", item.item)
                        c.string("itemTitle", itemTitles[item.item])
                        c.string("state", item.state.rawValue)
                        c.string("archiveNumber", item.archiveNumber)
                        c.string("acceptedAt", item.acceptedAt)
                    } }
                }
            }
            if !versions.isEmpty {
                o.member("history") { w in
                    var previous: [String: String] = [:]
                    w.array(versions) { w, version in
                        w.object { v in
                            v.number("version", version.version)
                            v.number("run", Int(version.run))
                            v.string("changedAt", version.changedAt)
                            v.member("changes") { w in
                                w.array(Self.diff(previous, version.fields)) { w, change in
                                    w.object { c in
                                        c.string("element", change.element)
                                        c.string("from", change.from)
                                        c.string("to", change.to)
                                    }
                                }
                            }
                        }
                        previous = version.fields
                    }
                }
                o.member("events") { w in
                    w.array(events) { w, event in
                        w.object { e in
                            e.string("event", event.event)
                            e.string("stream", event.stream)
                            e.number("run", Int(event.run))
                            e.string("at", event.at)
                        }
                    }
                }
            }
        }
        return writer.text
    }

    /// Field-level differences between two versions, by element code.
    public static func diff(_ old: [String: String], _ new: [String: String]) -> [(element: String, from: String?, to: String?)] {
        Set(old.keys).union(new.keys).sorted().compactMap { element in
            old[element] == new[element] ? nil : (element, old[element], new[element])
        }
    }
}
