import HubCore
import Testing

@Suite struct CanonicalObjectWriterTests {
    @Test func writesTheSameBytesAsTheSortingWriter() {
        var writer = CanonicalObjectWriter()
        let maps: [[String: String]] = [
            ["XM": "张三", "XBM": "1", "CSRQ": "2003-05-01"],
            ["XM": "李四", "CSRQ": "2004-01-02"],                              // fewer keys
            ["XM": "王五", "XBM": "2", "CSRQ": "2004-01-02", "YDDH": "139"],   // a key not seen before
            ["B": "x\"y\\z\n", "a": "\u{2028}", "Ä": "ü"],                    // escapes, non-ASCII keys (byte order)
            [:],
        ]
        for map in maps {
            #expect(writer.json(map) == JSONWriter.canonicalObject(map))
        }
        // After learning, the first shape still comes out the same.
        #expect(writer.json(maps[0]) == JSONWriter.canonicalObject(maps[0]))
    }
}
