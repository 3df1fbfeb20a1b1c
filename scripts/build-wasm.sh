#!/usr/bin/env bash
# Builds the WebAssembly core for Node and for browsers into npm/wasm/, optimises it with
# wasm-opt, packs the npm package, and prints the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$HOME/.cargo/bin:$PATH"
wasm_opt=.tools/node_modules/.bin/wasm-opt

for target in nodejs web; do
    wasm-pack --quiet build --release --target "$target" --out-dir "npm/wasm/${target%js}" \
        --out-name create_agent_app --no-pack
done
# One module for both: the two builds differ only in their JS glue, so the package ships
# the web build's WASM once and the Node glue loads it from there.
node_glue=npm/wasm/node/create_agent_app.js
if ! cmp -s npm/wasm/node/create_agent_app_bg.wasm npm/wasm/web/create_agent_app_bg.wasm; then
    echo "build-wasm: the nodejs and web builds made different WASM modules; ship both" >&2
    exit 1
fi
rm npm/wasm/node/create_agent_app_bg.wasm npm/wasm/node/create_agent_app_bg.wasm.d.ts
sed -i 's|`${__dirname}/create_agent_app_bg.wasm`|`${__dirname}/../web/create_agent_app_bg.wasm`|' "$node_glue"
if ! grep -q '/../web/create_agent_app_bg.wasm`' "$node_glue"; then
    echo "build-wasm: wasm-bindgen's Node glue no longer loads the WASM as expected" >&2
    exit 1
fi
"$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals npm/wasm/web/create_agent_app_bg.wasm -o npm/wasm/web/create_agent_app_bg.wasm
# wasm-pack writes a `.gitignore` of `*` beside its output, which npm pack would obey.
rm -f npm/wasm/node/.gitignore npm/wasm/web/.gitignore
# The web build is ES modules; the package itself is CommonJS.
echo '{ "type": "module" }' > npm/wasm/web/package.json

rm -f npm/create-agent-app-*.tgz
(cd npm && npm pack --silent >/dev/null)
for f in npm/wasm/web/create_agent_app_bg.wasm npm/create-agent-app-*.tgz; do
    printf '%-45s %8d bytes (gzip %d)\n' "$f" "$(wc -c < "$f")" "$(gzip -9c "$f" | wc -c)"
done
