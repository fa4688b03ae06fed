import Foundation
import HubCore
import Standards

enum NormalizeCommand: Command {
    static let spec = CommandSpec(
        name: "normalize", usage: "normalize ELEMENT [--document-type CODE] < values.txt",
        summary: "Normalises values of one data element, one per stdin line, and prints the verdict for each as a JSON line.",
        options: [CommandSpec.Option(name: "document-type", value: "CODE", help: "the SFZJLXM to assume for SFZJH (default: 居民身份证 rules)")],
        details: """
        Shows what a sync would do with a value, e.g. `echo ' 11010519491231002x' | campushub normalize SFZJH`:
        {"input":" 11010519491231002x","ok":true,"value":"11010519491231002X"}
        {"input":"...","ok":false,"rule":"checksum","reason":"..."} for a value that would be quarantined.
        """)

    static func run(_ context: Context) throws -> ExitCode {
        try context.arguments.expectPositionals(1...1, spec: spec)
        let catalogue = try context.loadWorkspace().standards
        let code = context.arguments.positionals[0]
        guard let element = catalogue.elements[code] else {
            throw HubError.usage("normalize: unknown element \"\(code)\"", fix: "use an element of standards/elements.json, e.g. SFZJH, XBM, CSRQ")
        }
        let today = CalendarDate(try context.today())
        let normalizer = ElementNormalizer(catalogue: catalogue, today: today)
        let documentType = context.arguments.values["document-type"]
        while let line = readLine(strippingNewline: true) {
            var writer = JSONWriter()
            writer.object { o in
                o.string("input", line)
                switch normalizer.normalize(line, element: element, documentType: documentType) {
                case let .value(value):
                    o.bool("ok", true)
                    o.string("value", value)
                case .missing:
                    o.bool("ok", true)
                    o.string("value", nil)
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
}
