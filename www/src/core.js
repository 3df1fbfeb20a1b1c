// Loads the generator's WebAssembly core (the same build the CLI uses) once.
import init, * as core from '../wasm/create_agent_app.js';

let ready;

/** Resolves to the core's API: generate, validate, schema, defaults, normalize, plan, render. */
export function loadCore() {
  ready ??= init({ module_or_path: new URL('../wasm/create_agent_app_bg.wasm', import.meta.url) }).then(() => core);
  return ready;
}
