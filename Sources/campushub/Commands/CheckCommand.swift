import HubCore
import Standards
import Workspace

enum CheckCommand: Command {
    static let spec = CommandSpec(
        name: "check",
        summary: "Validates every file of the workspace: connectors, mappings, data elements, entities, code tables.",
        common: CommandSpec.workspaceOnly,
        details: "Each problem names the file, the JSON path (or CSV line) and how to fix it. Exit 78 when any is found.")

    static func run(_ context: Context) throws -> ExitCode {
        try context.arguments.expectPositionals(0...0, spec: spec)
        let workspace = try context.loadWorkspace()
        let timeZone = try context.timeZone
        let streams = workspace.streams.count
        context.write("ok: \(workspace.connectors.count) connectors, \(streams) streams, \(workspace.mappings.count) mappings, "
            + "\(workspace.standards.elements.count) data elements, \(workspace.standards.codeTables.count) code tables, "
            + "\(workspace.standards.entities.count) entities, \(workspace.sharing.consumers.count) consumers, "
            + "\(workspace.sharing.policies.count) sharing policies, \(workspace.sharing.forms.count) prefill forms; "
            + "archiving: \(workspace.archiving.map { "\($0.items.count) service items, fonds \($0.holder.fondsCode)" } ?? "not configured"); "
            + "cleaning: \(cleaningSummary(workspace.standards.cleaning)); time zone \(timeZone)")
        // Drafted mappings (`campushub connector add`) carry "review" notes: guesses a person still has to confirm.
        for mapping in workspace.mappings where !mapping.review.isEmpty {
            context.write("review: \(mapping.file): \(mapping.review.count) guesses to confirm; remove each \"review\" note once decided")
            for note in mapping.review { context.write("  \(note)") }
        }
        return .success
    }

    /// What standards/cleaning.json turns on, e.g. "14 null markers, 272 variant characters, exported dates, mobile prefixes, name dots".
    static func cleaningSummary(_ cleaning: CleaningPolicy) -> String {
        var parts = ["\(cleaning.nullMarkers.markers.count) null markers", "\(cleaning.folding?.table.count ?? 0) variant characters"]
        if cleaning.exportedDates { parts.append("exported dates") }
        if cleaning.mobilePrefixes { parts.append("mobile prefixes") }
        if cleaning.nameDots { parts.append("name dots") }
        return parts.joined(separator: ", ")
    }
}
