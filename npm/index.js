'use strict';
// The generator's API for Node: the Rust core compiled to WebAssembly.
// Every function takes a config object (missing fields take their defaults). Failures
// throw an Error whose `fields` lists {field, message}.
const core = require('./wasm/node/create_agent_app.js');

module.exports = {
  /** The project as zip bytes (Uint8Array). */
  generate: (config) => core.generate(config),
  /** Every file: [{path, contents: Uint8Array, executable}], sorted by path. */
  files: (config) => core.files(config),
  /** All problems with a config: [{field, message}], empty when valid. Never throws. */
  validate: (config) => core.validate(config),
  /** The config's JSON Schema. */
  schema: () => core.schema(),
  /** The default config. */
  defaults: () => core.defaults(),
  /** The config with defaults filled and roles and title derived. */
  normalize: (config) => core.normalize(config),
  /** [{path, size, executable}] for every file. */
  plan: (config) => core.plan(config),
  /** One file's text, by its path in the project. */
  render: (config, path) => core.render(config, path),
  /** The generator's version. */
  version: core.version(),
};
