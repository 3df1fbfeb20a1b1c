#!/usr/bin/env bash
# `make locks`: resolves a generated project's dependencies for real and records the
# lockfiles in locks/, which the generator fits to every project it writes (src/locks.rs).
# Run it after changing a dependency in templates/: CI fails until the locks match.
#
#   make locks             keeps every version it can, resolves only what changed
#   make locks UPGRADE=1   takes the newest versions the templates allow
#
# Needs uv, npm and Terraform, and the package registries (PyPI, npm, the Terraform
# registry: the provider lock records hashes for Linux and macOS on amd64 and arm64).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.tools/venv/bin:$PATH"
REFERENCE=lockfile-app # src/locks.rs REFERENCE_APP
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The reference projects, written with the current locks (so unchanged pins stay).
for auth in clerk cognito; do
  printf '{"app_name": "%s", "auth_provider": "%s"}' "$REFERENCE" "$auth" > "$work/$auth.json"
  cargo run --quiet --example write -- "$work/$auth.json" "$work/$auth"
done

echo "uv.lock (backend)"
(cd "$work/clerk/backend" && uv lock ${UPGRADE:+--upgrade})
cp "$work/clerk/backend/uv.lock" locks/uv.lock

for auth in clerk cognito; do
  echo "package-lock.json (frontend, $auth)"
  [ -n "${UPGRADE:-}" ] && rm "$work/$auth/frontend/package-lock.json"
  (cd "$work/$auth/frontend" && npm install --package-lock-only --ignore-scripts --no-audit --no-fund --silent)
  cp "$work/$auth/frontend/package-lock.json" "locks/package-lock.$auth.json"
done

echo ".terraform.lock.hcl (every part)"
part="$work/clerk/terraform/1_permissions"
[ -n "${UPGRADE:-}" ] && rm "$part/.terraform.lock.hcl"
if ! terraform -chdir="$part" providers lock \
  -platform=linux_amd64 -platform=linux_arm64 -platform=darwin_amd64 -platform=darwin_arm64; then
  echo "make locks: the Terraform registry was not reachable; locks/terraform.lock.hcl is unchanged." >&2
  echo "Run make locks where registry.terraform.io is reachable to refresh it." >&2
  exit 1
fi
cp "$part/.terraform.lock.hcl" locks/terraform.lock.hcl
git --no-pager diff --stat -- locks/
