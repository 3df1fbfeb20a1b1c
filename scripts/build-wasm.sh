#!/usr/bin/env bash
# Builds the WebAssembly core for Node and for browsers into npm/wasm/, optimises it with
# wasm-opt, packs the npm package, and prints the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$HOME/.cargo/bin:$PATH"
wasm_opt=.tools/node_modules/.bin/wasm-opt

for target in nodejs web; do
    out=npm/wasm/${target%js}
    wasm-pack --quiet build --release --target "$target" --out-dir "$out" --out-name create_agent_app --no-pack
    "$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals "$out/create_agent_app_bg.wasm" -o "$out/create_agent_app_bg.wasm"
done
# wasm-pack writes a `.gitignore` of `*` beside its output, which npm pack would obey.
rm -f npm/wasm/node/.gitignore npm/wasm/web/.gitignore
# The web build is ES modules; the package itself is CommonJS.
echo '{ "type": "module" }' > npm/wasm/web/package.json

rm -f npm/create-agent-app-*.tgz
(cd npm && npm pack --silent >/dev/null)
for f in npm/wasm/node/create_agent_app_bg.wasm npm/wasm/web/create_agent_app_bg.wasm npm/create-agent-app-*.tgz; do
    printf '%-45s %8d bytes (gzip %d)\n' "$f" "$(wc -c < "$f")" "$(gzip -9c "$f" | wc -c)"
done
