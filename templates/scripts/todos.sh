#!/usr/bin/env bash
# Lists every `TODO(domain)` marker left in {{ app_name }} as file:line: the places where
# your domain goes (CUSTOMIZATION_GUIDE.md says what each one needs). Resolve one by doing
# what it says and deleting the marker. Exits 1 while any remain, so CI can require a
# finished app; `make todos` runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
MARKER='TODO(domain)'
SKIP=(--exclude=todos.sh)
for dir in .git node_modules .venv .next dist out .terraform __pycache__ .pytest_cache .ruff_cache; do
    SKIP+=(--exclude-dir="$dir")
done
found="$(grep -rnIF "${SKIP[@]}" "$MARKER:" . | sed 's|^\./||' | sort -t: -k1,1 -k2,2n || true)"
if [ -n "$found" ]; then
    echo "$found"
    files="$(cut -d: -f1 <<<"$found" | sort -u | wc -l)"
    echo "$(wc -l <<<"$found") $MARKER marker(s) left in $files file(s)." >&2
    exit 1
fi
echo "No $MARKER markers left."
