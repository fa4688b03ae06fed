/// Identity numbers the standards keep with a warning instead of quarantining the row, planted
/// so the demo's quality report shows them: first-generation 15-digit numbers (upgraded to 18,
/// rule `upgraded15`) and an address code of no province (rule `areaCode`). Chosen by position,
/// without randomness, among staff born in the 1900s whose rows carry no defect.
enum PlantedWarnings {
    /// Rewrites two staff rows' SFZJH to 15 digits and two to province 29 (there is none); returns what it planted.
    static func identityNumbers(in rows: inout [[String?]], of members: [StaffMember]) -> [DemoDefect] {
        guard let column = StaffMember.tableColumns.firstIndex(of: "SFZJH"), rows.count == members.count else { return [] }
        // Past the first 60: PeopleInSeveralRoles copies identity numbers from the start of the roster.
        let candidates = members.indices.dropFirst(60).reversed().filter {
            members[$0].defect == nil && members[$0].idNumber.count == 18 && members[$0].idNumber.dropFirst(6).hasPrefix("19")
        }
        var planted: [DemoDefect] = []
        for (position, index) in candidates.prefix(4).enumerated() {
            let number = members[index].idNumber
            if position < 2 {
                // The address code, the birth date without its century, the sequence; no check character.
                rows[index][column] = String(number.prefix(6)) + String(number.dropFirst(8).prefix(9))
                planted.append(DemoDefect(table: "t_jzg", key: members[index].number, element: "SFZJH", rule: "upgraded15"))
            } else if let elsewhere = GB11643.number(body: "29" + String(number.dropFirst(2).prefix(15))) {
                rows[index][column] = elsewhere
                planted.append(DemoDefect(table: "t_jzg", key: members[index].number, element: "SFZJH", rule: "areaCode"))
            }
        }
        return planted
    }
}
