"""The layering check: every target's imports against its layer and its declared dependencies.

Package.swift says C modules <- wrappers <- domain <- engine <- CLI. This script holds it to that:
it reads the targets from `swift package dump-package` (on stdin), greps every `import X` under
each target's folder, and fails, naming the file and the import, when

  - a target imports a module its layer may not (a C module above the wrappers, Glibc in the domain),
  - a target imports a target it does not declare in Package.swift,
  - a target declares a dependency it never imports, or one its layer may not have,
  - a call that belongs to a wrapper (iconv, malloc_trim, flock) appears outside it,
  - a target is in no layer (a new target must be given one here).

Run by ./dev test (Tests/Layering/check.sh); standard library only.
"""
import json
import os
import re
import sys

# Each layer's targets. System-library targets (modulemap + shim) are the layer "c".
LAYERS = {
    "wrapper": ["SQLiteDB", "HubCrypto", "PostgresClient", "HTTPClient", "HTTPServer", "MemoryTrim", "TextEncoding", "FileLocking", "XMLReader", "MariaDBClient", "ODBCClient", "ZipArchive"],
    "domain": ["HubCore", "Standards", "Mapping", "Sharing", "Outbox", "Workspace", "GoldenRecords", "RowProcessing", "MappingSuggestions", "Archiving"],
    "engine": ["Connectors", "Store", "Sync", "Writeback", "WritebackDelivery", "Serve", "DemoCollege", "HTTPLoad", "Archiver", "XLSX"],
    "cli": ["campushub"],
    "test": ["TestSupport"],  # and every test target
}

# Which layers' targets a layer may depend on, and which toolchain modules it may import.
MAY_DEPEND_ON = {
    "wrapper": {"c"},
    "domain": {"domain"},
    "engine": {"wrapper", "domain", "engine"},
    "cli": {"wrapper", "domain", "engine"},
    "test": {"wrapper", "domain", "engine", "test"},
}
PLATFORM = {"Foundation", "Dispatch", "Synchronization"}
MAY_IMPORT = {
    "wrapper": PLATFORM | {"Glibc"},
    "domain": PLATFORM,
    "engine": PLATFORM | {"Glibc"},
    "cli": PLATFORM | {"Glibc"},
    "test": PLATFORM | {"Glibc", "Testing", "XCTest"},
}

# C calls that have a wrapper: only that wrapper makes them.
WRAPPED_CALLS = [
    (re.compile(r"\biconv(_open|_close)?\s*\("), "TextEncoding", "iconv"),
    (re.compile(r"\bmalloc_trim\s*\("), "MemoryTrim", "malloc_trim"),
    (re.compile(r"\bflock\s*\("), "FileLocking", "flock"),
]

IMPORT = re.compile(
    r"^\s*(?:@[A-Za-z_]+(?:\([^)]*\))?\s+)*(?:(?:public|package|internal|fileprivate|private)\s+)?import\s+"
    r"(?:(?:struct|class|enum|protocol|typealias|func|var|let)\s+)?([A-Za-z_][A-Za-z0-9_]*)(?:\.[A-Za-z0-9_.]+)?\s*(?://.*)?$"
)


def main():
    package = json.load(sys.stdin)
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    layer_of = {name: layer for layer, names in LAYERS.items() for name in names}
    targets = {}
    for target in package["targets"]:
        name, kind = target["name"], target["type"]
        if kind == "system":
            layer_of[name] = "c"
        elif kind == "test":
            layer_of.setdefault(name, "test")
        default = ("Tests/" if kind == "test" else "Sources/") + name
        deps = [d.get("byName", d.get("target", [None]))[0] for d in target["dependencies"]]
        targets[name] = (kind, os.path.join(root, target.get("path") or default), deps)

    problems = []
    for name, (kind, folder, deps) in sorted(targets.items()):
        layer = layer_of.get(name)
        if layer is None:
            problems.append(f"Package.swift: target {name} is in no layer; add it to LAYERS in Tests/Layering/check.py")
            continue
        if layer == "c":
            continue
        for dep in deps:
            if layer_of.get(dep) not in MAY_DEPEND_ON[layer]:
                problems.append(f"Package.swift: {name} ({layer}) declares {dep} ({layer_of.get(dep)}), which its layer may not depend on")
        imported = set()
        for directory, _, files in os.walk(folder):
            for file in sorted(files):
                if not file.endswith(".swift"):
                    continue
                path = os.path.join(directory, file)
                shown = os.path.relpath(path, root)
                with open(path, encoding="utf-8") as handle:
                    text = handle.read()
                for number, line in enumerate(text.splitlines(), 1):
                    match = IMPORT.match(line)
                    if not match:
                        continue
                    module = match.group(1)
                    imported.add(module)
                    if module in targets:
                        if layer_of.get(module) not in MAY_DEPEND_ON[layer]:
                            problems.append(f"{shown}:{number}: import {module}: {name} ({layer}) may not import {module} ({layer_of.get(module)})")
                        elif module not in deps:
                            problems.append(f"{shown}:{number}: import {module}: {name} does not declare {module} in Package.swift")
                    elif module not in MAY_IMPORT[layer]:
                        problems.append(f"{shown}:{number}: import {module}: the {layer} layer ({name}) may not import {module}")
                for pattern, owner, call in WRAPPED_CALLS:
                    if name != owner:
                        for number, line in enumerate(text.splitlines(), 1):
                            if pattern.search(line.split("//")[0]):
                                problems.append(f"{shown}:{number}: calls {call}, which only {owner} may call; use {owner}")
        for dep in deps:
            if dep not in imported:
                problems.append(f"Package.swift: {name} declares {dep} but no file in {os.path.relpath(folder, root)} imports it")

    for problem in problems:
        print("layering: " + problem, file=sys.stderr)
    if problems:
        print(f"layering: {len(problems)} problem(s); the layers are described in README.md (Architecture)", file=sys.stderr)
        return 1
    print(f"layering: {len(targets)} targets keep their layers", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
