'use strict';
// The generator's API for Node: the Rust core compiled to WebAssembly.
// Every function takes a config object (missing fields take their defaults). Failures
// throw an Error whose `fields` lists {field, message}.
//
// A WebAssembly trap (a bug in the core, never expected) would leave the instance in a
// broken state, and every later call would fail too. So after a trap the module is
// instantiated afresh: one bad call never poisons the next.
const GLUE = require.resolve('./wasm/node/create_agent_app.js');
let core = require(GLUE);

function reinstantiate() {
  delete require.cache[GLUE];
  core = require(GLUE);
}

/** The error a trap becomes: a GeneratorError naming the config as a whole. */
function trapError(trap) {
  const message = `the generator failed on this config (${trap.message}) — please report it`;
  const error = new Error(message);
  error.name = 'GeneratorError';
  error.fields = [{ field: '', message }];
  error.cause = trap;
  return error;
}

function call(name, ...args) {
  try {
    return core[name](...args);
  } catch (error) {
    if (!(error instanceof WebAssembly.RuntimeError)) throw error;
    reinstantiate();
    throw trapError(error);
  }
}

module.exports = {
  /** The project as zip bytes (Uint8Array). */
  generate: (config) => call('generate', config),
  /** Every file: [{path, contents: Uint8Array, executable}], sorted by path. */
  files: (config) => call('files', config),
  /** All problems with a config: [{field, message}], empty when valid. Never throws. */
  validate: (config) => {
    try {
      return call('validate', config);
    } catch (error) {
      return error.fields && error.fields.length ? error.fields : [{ field: '', message: String(error.message) }];
    }
  },
  /** The config's JSON Schema. */
  schema: () => call('schema'),
  /** The default config. */
  defaults: () => call('defaults'),
  /** The config with defaults filled and roles and title derived. */
  normalize: (config) => call('normalize', config),
  /** [{path, size, executable}] for every file. */
  plan: (config) => call('plan', config),
  /** One file's text, by its path in the project. */
  render: (config, path) => call('render', config, path),
  /** The app's architecture diagram: SVG text (role="img", with <title> and <desc>). */
  diagram: (config) => call('diagram', config),
  /** A three-way merge of a project: base = what the generator made for the recorded
   * answers, next = what it makes now, current = the user's files (each
   * [{path, contents: Uint8Array | string, executable}]). Returns {files, removed,
   * changes: [{path, action, reason}], conflicts}: write `files`, delete `removed`. */
  update: (base, next, current) => call('update', base, next, current),
  /** A project's update to `config` (null: its recorded answers): `current` is the
   * project's files, `base` what the recorded version made (null: regenerated when this
   * is that version, else the recorded hashes stand in). Returns update's result plus
   * {config, base: 'generated' | 'hashes' | 'none', from_version}. */
  updateProject: (current, config, base) => call('update_project', current, config ?? null, base ?? null),
  /** A project's `.create-agent-app.json` read: {generator, version, config, files}. */
  readAnswers: (contents) => call('read_answers', typeof contents === 'string' ? new TextEncoder().encode(contents) : contents),
  /** The config with one more agent ({name, role?, description?}; a worker by default). */
  addAgent: (config, agent) => call('add_agent', config, agent),
  /** The config without the agent `name` (not the orchestrator). */
  removeAgent: (config, name) => call('remove_agent', config, name),
  /** A project's zip as files (root folder stripped; .git, node_modules and the like skipped). */
  unzip: (bytes) => call('unzip', bytes),
  /** Files as zip bytes under the folder `root`, as generate() writes a project. */
  zip: (root, files) => call('zip', root, files),
  /** The generator's version. */
  version: core.version(),
};
