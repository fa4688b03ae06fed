import Foundation
import HubCore
import Standards
import Workspace

enum NormalizeCommand: Command {
    static let spec = CommandSpec(
        name: "normalize", positionals: [.init("ELEMENT")],
        summary: "Normalises values of one data element, one per stdin line, and prints the verdict for each as a JSON line.",
        options: [
            CommandSpec.Option(name: "document-type", value: "CODE", help: "the SFZJLXM to assume for SFZJH (default: 居民身份证 rules)"),
            CommandSpec.Option(name: "stream", value: "STREAM", help: "use the null markers this stream's mapping names for the element"),
        ],
        common: CommandSpec.workspaceOnly,
        details: """
        Shows what a sync would do with a value, e.g. `echo ' 11010519491231002x' | campushub normalize SFZJH`:
        {"input":" 11010519491231002x","ok":true,"value":"11010519491231002X"}
        {"input":"...","ok":false,"rule":"checksum","reason":"..."} for a value that would be quarantined.
        {"input":"漢族","ok":true,"value":"01","cleaned":"folded","note":"..."} for a value the hub's own cleaning
        changed in a way the data steward is shown (null markers, folded code names; see standards/cleaning.json).
        """)

    static func run(_ context: Context) throws -> ExitCode {
        try context.arguments.expectPositionals(1...1, spec: spec)
        let workspace = try context.loadWorkspace()
        let catalogue = workspace.standards
        let code = context.arguments.positionals[0]
        guard let element = catalogue.elements[code] else {
            throw HubError.usage("normalize: unknown element \"\(code)\"", fix: "use an element of standards/elements.json, e.g. SFZJH, XBM, CSRQ")
        }
        let today = CalendarDate(try context.today())
        let normalizer = ElementNormalizer(catalogue: catalogue, today: today, timeZone: try context.timeZone)
        let documentType = context.arguments.values["document-type"]
        let nullMarkers = try nullMarkers(of: element, stream: context.arguments.values["stream"], workspace: workspace)
        while let line = readLine(strippingNewline: true) {
            var writer = JSONWriter()
            writer.object { o in
                o.string("input", line)
                switch normalizer.normalize(line, element: element, documentType: documentType, nullMarkers: nullMarkers) {
                case let .value(value):
                    o.bool("ok", true)
                    o.string("value", value)
                case .missing:
                    o.bool("ok", true)
                    o.string("value", nil)
                case let .cleaned(value, note):
                    o.bool("ok", true)
                    o.string("value", value)
                    o.string("cleaned", note.rule)
                    o.string("note", note.reason)
                case let .issue(issue):
                    o.bool("ok", false)
                    o.string("rule", issue.rule)
                    o.string("reason", issue.reason)
                }
            }
            context.write(writer.text)
        }
        return .success
    }

    /// The stream's mapping's markers for the element when it names any, else the element's or the installation's.
    private static func nullMarkers(of element: DataElement, stream: String?, workspace: Workspace) throws -> NullMarkers {
        guard let stream else { return workspace.standards.nullMarkers(of: element) }
        guard let mapping = workspace.mapping(for: stream) else {
            throw HubError.usage("normalize: no mapping for stream \"\(stream)\"", fix: "use a stream of mappings/, e.g. \(workspace.mappings.first?.stream ?? "jw.students")")
        }
        let field = mapping.fields.first { $0.element == element.code }
        return field?.nullMarkers ?? mapping.nullMarkers ?? workspace.standards.nullMarkers(of: element)
    }
}
