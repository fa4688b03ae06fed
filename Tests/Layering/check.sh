#!/usr/bin/env bash
# The layering check (see check.py): run from the repository root, by ./dev test before the suites.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift package dump-package | python3 Tests/Layering/check.py .
