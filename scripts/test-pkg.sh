#!/usr/bin/env bash
# The Node tests (make test-pkg). The deploy rehearsals (pkg-tests/rehearsal.test.mjs)
# spend most of their time waiting on the AWS provider polling the emulator, the other
# files mostly compute: so the rehearsals run beside them, and their report is printed
# when both are done, then every failure again at the end. Fails if either run does.
set -uo pipefail
cd "$(dirname "$0")/.."
REHEARSALS=pkg-tests/rehearsal.test.mjs
logs=$(mktemp -d)
node --test --test-reporter=spec "$REHEARSALS" >"$logs/rehearsals" 2>&1 &
rehearsals=$!
trap 'kill "$rehearsals" 2>/dev/null; rm -rf "$logs"' INT TERM
others=()
for file in pkg-tests/*.test.mjs; do
  [ "$file" = "$REHEARSALS" ] || others+=("$file")
done
node --test --test-reporter=spec "${others[@]}" 2>&1 | tee "$logs/others"
status=${PIPESTATUS[0]}
wait "$rehearsals"
rehearsal_status=$?
echo "=== $REHEARSALS (ran beside the tests above) ==="
cat "$logs/rehearsals"
for run in others rehearsals; do
  sed -n '/^✖ failing tests:/,$p' "$logs/$run"
done
rm -rf "$logs"
[ "$status" -eq 0 ] && [ "$rehearsal_status" -eq 0 ]
