#!/usr/bin/env bash
# The Node tests (make test-pkg).
#
# The deploy rehearsals (pkg-tests/rehearsal.test.mjs) spend most of their time waiting
# on the AWS provider polling the emulator, so they start first and run in the
# background while the other Node test files run in the foreground. The rehearsals'
# report is printed when both are done, then every failure again at the end. Fails if
# anything did. (`make test` runs lint and the Rust tests before this, not beside the
# rehearsals: cargo's builds beside their npm ci and next build slowed the whole run.)
set -uo pipefail
cd "$(dirname "$0")/.."
REHEARSALS=pkg-tests/rehearsal.test.mjs
# `make package` compiles the Lambda zips' bytecode with the runtime's Python (3.12). It
# asks uv, which does not look in pyenv's folders and here cannot download one, so the
# tests point it at one this machine has, as the packager's error tells a user to.
if [ -z "${LAMBDA_PYTHON:-}" ]; then
  for candidate in python3.12 /usr/bin/python3.12 "$HOME"/.pyenv/versions/3.12*/bin/python3.12; do
    if "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 12)' 2>/dev/null; then
      LAMBDA_PYTHON=$(command -v "$candidate")
      export LAMBDA_PYTHON
      break
    fi
  done
fi
logs=$(mktemp -d)
node --test --test-reporter=spec "$REHEARSALS" >"$logs/rehearsals" 2>&1 &
rehearsals=$!
trap 'kill "$rehearsals" 2>/dev/null; rm -rf "$logs"' INT TERM
failed=()
others=()
for file in pkg-tests/*.test.mjs; do
  [ "$file" = "$REHEARSALS" ] || others+=("$file")
done
node --test --test-reporter=spec "${others[@]}" 2>&1 | tee "$logs/others"
[ "${PIPESTATUS[0]}" -eq 0 ] || failed+=("node tests")
wait "$rehearsals" || failed+=("$REHEARSALS")
echo "=== $REHEARSALS (ran beside the tests above) ==="
cat "$logs/rehearsals"
for run in others rehearsals; do
  sed -n '/^✖ failing tests:/,$p' "$logs/$run"
done
rm -rf "$logs"
if [ "${#failed[@]}" -gt 0 ]; then
  printf 'failed: %s\n' "${failed[@]}" >&2
  exit 1
fi
