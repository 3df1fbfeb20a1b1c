// Loads the generator's WebAssembly core (the same build the CLI uses) once.
//
// A WebAssembly trap (a bug in the core, never expected) leaves an instance broken for
// every later call. So the page keeps a spare instance of the compiled module: after a
// trap it switches to the spare at once and prepares the next one, and the failed call
// throws a GeneratorError. One bad call never poisons the next.
import * as first from '../wasm/create_agent_app.js';

const GLUE = new URL('../wasm/create_agent_app.js', import.meta.url);
const WASM = new URL('../wasm/create_agent_app_bg.wasm', import.meta.url);
const API = [
  'generate', 'files', 'validate', 'schema', 'defaults', 'normalize', 'plan', 'render', 'diagram', 'version',
  // A project's life after generation (the page's "Update a project" mode).
  'update_project', 'read_answers', 'add_agent', 'remove_agent', 'unzip', 'zip', 'diff',
];

let ready;
let instances = 0;

/** A fresh instance: another URL of the glue module is another copy of it, with its own
 * WebAssembly instance and memory. */
async function instantiate(module) {
  const glue = instances++ === 0 ? first : await import(`${GLUE.href}?instance=${instances}`);
  glue.initSync({ module });
  return glue;
}

function trapError(trap) {
  const message = `the generator failed on this config (${trap.message}) — please report it`;
  return Object.assign(new Error(message), { name: 'GeneratorError', fields: [{ field: '', message }], cause: trap });
}

/** Resolves to the core's API: the names in API, each called on a healthy instance. */
export function loadCore() {
  ready ??= (async () => {
    const module = await WebAssembly.compile(await (await fetch(WASM)).arrayBuffer());
    let current = await instantiate(module);
    let spare = await instantiate(module);
    const call = (name, args) => {
      try {
        return current[name](...args);
      } catch (error) {
        if (!(error instanceof WebAssembly.RuntimeError)) throw error;
        if (spare) [current, spare] = [spare, null];
        instantiate(module).then((next) => (spare = next));
        throw trapError(error);
      }
    };
    const core = Object.fromEntries(API.map((name) => [name, (...args) => call(name, args)]));
    // validate() answers with field errors, never by throwing.
    core.validate = (config) => {
      try {
        return call('validate', [config]);
      } catch (error) {
        return error.fields?.length ? error.fields : [{ field: '', message: String(error.message) }];
      }
    };
    return core;
  })();
  return ready;
}
