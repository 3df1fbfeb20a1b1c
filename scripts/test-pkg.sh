#!/usr/bin/env bash
# The Node tests (make test-pkg).
#
# The deploy rehearsals (pkg-tests/rehearsal.test.mjs) spend most of their time waiting
# on the AWS provider polling the emulator, so they start first and run in the
# background, at normal priority, while the other Node test files run in the foreground
# at a lower one. The rehearsals'
# report is printed when both are done, then every failure again at the end. Fails if
# anything did. (`make test` runs lint and the Rust tests before this, not beside the
# rehearsals: cargo's builds beside their npm ci and next build slowed the whole run.)
set -uo pipefail
cd "$(dirname "$0")/.."
REHEARSALS=pkg-tests/rehearsal.test.mjs
# The tests start hundreds of Python processes importing the same large libraries (moto,
# boto3, the Agents SDK) from the generated projects' fresh venvs, which uv fills without
# bytecode: where the environment says not to write it (PYTHONDONTWRITEBYTECODE), each one
# would compile them all again. Those venvs are temporary, so the cache is safe.
unset PYTHONDONTWRITEBYTECODE
# `make package` compiles the Lambda zips' bytecode with the runtime's Python (3.12). It
# asks uv, which does not look in pyenv's folders and here cannot download one, so the
# tests point it at one this machine has, as the packager's error tells a user to.
if [ -z "${LAMBDA_PYTHON:-}" ]; then
  LAMBDA_PYTHON=$(node --input-type=module -e \
    "import { findLambdaPython } from './pkg-tests/helpers.mjs'; console.log(findLambdaPython() ?? '')")
  [ -n "$LAMBDA_PYTHON" ] && export LAMBDA_PYTHON
fi
logs=$(mktemp -d)
node --test --test-reporter=spec "$REHEARSALS" >"$logs/rehearsals" 2>&1 &
rehearsals=$!
trap 'kill "$rehearsals" 2>/dev/null; rm -rf "$logs"' INT TERM
failed=()
# Two files at a time, longest first (by their time in CI), each next file starting when
# one ends: node --test sorts the files it is given by name, so a long file named late
# would start late and leave a core idle at the end. Files not listed here come after,
# by name. At a lower priority: the rehearsals are a chain of short steps each waiting
# on the last (Terraform, the emulator), which finish late if they queue behind these
# builds and test runs; these only need the machine's throughput, and take whatever the
# rehearsals leave.
LONGEST_FIRST=(generated frontend infrastructure samples covering-frontend matrix cli bench-parity lifecycle config-attack cli-attack www)
# Run by `make test-covering`, not here yet: beside the rehearsals it ran over 25 minutes
# of CI time, which the budget does not have until the rehearsals take less CPU.
ON_DEMAND=(pkg-tests/covering-backend.test.mjs)
others=()
for name in "${LONGEST_FIRST[@]}"; do others+=("pkg-tests/$name.test.mjs"); done
for file in pkg-tests/*.test.mjs; do
  [[ "$file" = "$REHEARSALS" || " ${others[*]} ${ON_DEMAND[*]} " == *" $file "* ]] || others+=("$file")
done
mkdir "$logs/others"
# Each file's report goes to its own log, printed whole when it ends; a failing file is
# named in $logs/failed.
printf '%s\n' "${others[@]}" | nice -n 10 xargs -P 2 -I{} bash -c '
  log="$2/others/$(basename "$1").log"
  node --test --test-reporter=spec "$1" >"$log" 2>&1 || echo "$1" >>"$2/failed"
  flock "$2/print.lock" cat "$log"' _ {} "$logs"
[ -s "$logs/failed" ] && failed+=($(cat "$logs/failed"))
wait "$rehearsals" || failed+=("$REHEARSALS")
echo "=== $REHEARSALS (ran beside the tests above) ==="
cat "$logs/rehearsals"
for log in "$logs"/others/*.log "$logs/rehearsals"; do
  sed -n '/^✖ failing tests:/,$p' "$log"
done
rm -rf "$logs"
if [ "${#failed[@]}" -gt 0 ]; then
  printf 'failed: %s\n' "${failed[@]}" >&2
  exit 1
fi
