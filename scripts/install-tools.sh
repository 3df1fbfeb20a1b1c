#!/usr/bin/env bash
# Installs what building and testing need, skipping what is already there. Safe to re-run.
#   Rust: wasm32 target, wasm-pack, wasm-bindgen-cli (the version Cargo.lock pins)
#   npm:  binaryen (wasm-opt) into .tools/ — wasm-pack's own binaryen download needs the internet
#   Python (for pkg-tests' checks of generated files): a venv in .tools/venv
#   Browser tests: Debian's chromium (apt) and the www/ npm packages (playwright-core, …)
#   Deploy rehearsals: AWS CLI v2 (Debian's awscli); Terraform must already be on PATH
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$HOME/.cargo/bin:$PATH"

rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
rustup component list --installed | grep -q '^clippy' || rustup component add clippy rustfmt

if ! wasm-pack --version 2>/dev/null | grep -q '0.15.1'; then
    cargo install wasm-pack --version 0.15.1
fi
bindgen_version=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
if ! wasm-bindgen --version 2>/dev/null | grep -q "$bindgen_version"; then
    # --locked fails here: one of its locked dependencies is not served.
    cargo install wasm-bindgen-cli --version "$bindgen_version"
fi

mkdir -p .tools
if [ ! -x .tools/node_modules/.bin/wasm-opt ]; then
    npm install --prefix .tools --no-audit --no-fund --silent binaryen@132
fi

if [ ! -x .tools/venv/bin/python ]; then
    python3 -m venv .tools/venv
fi
.tools/venv/bin/pip install --quiet --disable-pip-version-check -r pkg-tests/requirements.txt

# playwright's own browser download needs the internet, and AWS's CLI v2 installer too;
# Debian's packages do not.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/aws ] || missing+=(awscli)
if [ ${#missing[@]} -gt 0 ]; then
    sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
    sudo_if_needed apt-get update -qq
    DEBIAN_FRONTEND=noninteractive sudo_if_needed apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v terraform >/dev/null || echo "warning: terraform is not on PATH: the deploy rehearsal tests will fail" >&2
(cd www && npm ci --no-audit --no-fund --silent)
