import HubCore

extension RecordNormalizer {
    /// Where a mapped value is read: a position in the values handed to
    /// `normalize` (nil past their end), a position in the transformed values
    /// handed with them, or a constant of the mapping.
    public enum ValueSource: Sendable, Equatable {
        case position(Int)
        case transformed(Int)
        case constant(String?)

        func read(_ values: [String?], _ transformed: [String?]) -> String? {
            switch self {
            case let .position(index): return index < values.count ? values[index] : nil
            case let .transformed(index): return index < transformed.count ? transformed[index] : nil
            case let .constant(value): return value
            }
        }
    }

    /// A mapping's elements resolved once for one entity: each value's data
    /// element and code table, the field it fills, and the fields the record
    /// rules read, so a row costs array lookups only (no catalogue or
    /// dictionary lookups until the record is built).
    public struct Plan: Sendable {
        struct Slot: Sendable {
            let source: ValueSource
            let element: DataElement
            let table: CodeTable?
            /// The values taken as empty: the mapping's, the element's or the installation's.
            let nullMarkers: NullMarkers
            /// Index into `fieldCodes`.
            let field: Int
            /// `element`, `table` and `nullMarkers` again, read per row without retaining them.
            let rules: UnretainedRules
            /// The element's rules read the row's document type (and it has checks after them).
            let isIdentityNumber: Bool

            init(source: ValueSource, element: DataElement, table: CodeTable?, nullMarkers: NullMarkers, field: Int) {
                self.source = source
                self.element = element
                self.table = table
                self.nullMarkers = nullMarkers
                self.field = field
                rules = UnretainedRules(element: element, table: table, nullMarkers: nullMarkers)
                isIdentityNumber = element.format == .identityNumber
            }
        }

        /// An element the entity requires, with its issue's reason written once.
        struct Requirement: Sendable {
            let code: String
            /// nil when no value of the mapping fills it: always missing.
            let field: Int?
            let reason: String
        }

        /// The values whose element the catalogue knows, in mapping order (the others are skipped).
        let slots: [Slot]
        /// The distinct elements the values fill, in mapping order.
        let fieldCodes: [String]
        /// Per field: the first value that fills it (the raw value an issue across fields cites).
        let firstSource: [ValueSource]
        let requirements: [Requirement]
        /// The slot of SFZJLXM, the document type the identity number rules depend on.
        let documentTypeSlot: Int?
        /// The fields the rules across fields compare: SFZJH with CSRQ and XBM.
        let identityNumberField: Int?
        let birthDateField: Int?
        let sexField: Int?
        /// The field of the entity's key.
        let keyField: Int?
        /// The fields' codes by index: the layout each record keeps its values in.
        public let layout: FieldLayout
    }

    /// Resolves the elements of a mapping's values (in mapping order) for `entity`.
    /// `nullMarkers`: a mapping's own per value (nil: the element's or the installation's).
    public func plan(_ elementCodes: [String], entity: EntityDefinition, nullMarkers: [NullMarkers?] = []) -> Plan {
        plan(elementCodes, sources: elementCodes.indices.map(ValueSource.position), entity: entity, nullMarkers: nullMarkers)
    }

    /// The same with each element's value read from `sources` (one per
    /// element), e.g. straight from a source row's columns.
    public func plan(_ elementCodes: [String], sources: [ValueSource], entity: EntityDefinition, nullMarkers: [NullMarkers?] = []) -> Plan {
        var fieldCodes: [String] = []
        var firstSource: [ValueSource] = []
        let slots = zip(elementCodes, sources).enumerated().compactMap { index, pair -> Plan.Slot? in
            let (code, source) = pair
            guard let element = catalogue.elements[code] else { return nil }
            let field = fieldCodes.firstIndex(of: element.code) ?? {
                fieldCodes.append(element.code)
                firstSource.append(source)
                return fieldCodes.count - 1
            }()
            let markers = (index < nullMarkers.count ? nullMarkers[index] : nil) ?? catalogue.nullMarkers(of: element)
            return Plan.Slot(source: source, element: element, table: element.codeTable.flatMap { catalogue.codeTables[$0] },
                             nullMarkers: markers, field: field)
        }
        let requirements = entity.required.map { code in
            let name = catalogue.elements[code]?.name ?? code
            return Plan.Requirement(code: code, field: fieldCodes.firstIndex(of: code),
                                    reason: "\(code) (\(name)) is required for a \(entity.name) and is empty")
        }
        return Plan(slots: slots, fieldCodes: fieldCodes, firstSource: firstSource, requirements: requirements,
                    documentTypeSlot: slots.firstIndex { $0.element.code == "SFZJLXM" }, identityNumberField: fieldCodes.firstIndex(of: "SFZJH"),
                    birthDateField: fieldCodes.firstIndex(of: "CSRQ"), sexField: fieldCodes.firstIndex(of: "XBM"),
                    keyField: fieldCodes.firstIndex(of: entity.key),
                    layout: FieldLayout(fieldCodes))
    }
}
