// Hostile configs through the packed WASM in Node: deep nesting, huge strings, 100k
// agents and a few thousand seeded random mutations of the default config. Every call
// must answer with field errors (or succeed) within a time bound, never trap, and never
// leave the module unable to generate the same bytes as before.
//   CONFIG_FUZZ_COUNT=20000 node --test pkg-tests/config-attack.test.mjs   # fuzz longer
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';

import { installPackage, runCli, tempDir } from './helpers.mjs';

const { api, cli } = installPackage();

const PROBE = { app_name: 'probe-app', agents: 'lead, scout' };
const sha = (bytes) => createHash('sha256').update(bytes).digest('hex');
const BASELINE = sha(api.generate(PROBE));
const BASELINE_README = api.render(PROBE, 'README.md');
const TIME_LIMIT_MS = 2000;
const MAX_MESSAGE = 500;

/** The module still works and gives the same project as before any attack. */
function assertHealthy(context, full = true) {
  assert.equal(api.render(PROBE, 'README.md'), BASELINE_README, `render after ${context}`);
  if (full) assert.equal(sha(api.generate(PROBE)), BASELINE, `generate() bytes after ${context}`);
}

function assertFieldErrors(errors, context) {
  assert.ok(Array.isArray(errors) && errors.length > 0, `${context}: expected field errors, got ${JSON.stringify(errors)}`);
  for (const e of errors) {
    assert.equal(typeof e.field, 'string', `${context}: field of ${JSON.stringify(e).slice(0, 200)}`);
    assert.equal(typeof e.message, 'string', context);
    assert.ok(e.message.length > 0, `${context}: empty message`);
    assert.ok(e.message.length < MAX_MESSAGE, `${context}: message of ${e.message.length} chars: ${e.message.slice(0, 200)}…`);
    assert.ok(e.field.length < 200, `${context}: field of ${e.field.length} chars`);
    assert.doesNotMatch(e.message, /please report it|RuntimeError|unreachable|out of bounds/, `${context}: a trap`);
  }
}

/** Runs one API call on a config; returns the field errors it rejected with, or null. */
function attempt(name, config, context) {
  // CPU time, not wall time: the bound is about the work a call does (no quadratic blow-up
  // on a huge value), which other processes on a busy CI machine do not change.
  const start = process.cpuUsage();
  let outcome = null;
  if (name === 'validate') {
    const errors = api.validate(config);
    if (errors.length) {
      assertFieldErrors(errors, `${context} validate`);
      outcome = errors;
    }
  } else {
    try {
      if (name === 'render') api.render(config, 'README.md');
      else api[name](config);
    } catch (error) {
      assert.ok(error instanceof Error, `${context} ${name}: threw a non-Error ${error}`);
      assert.equal(error.name, 'ConfigError', `${context} ${name}: ${error.name}: ${String(error.message).slice(0, 300)}`);
      assertFieldErrors(error.fields, `${context} ${name}`);
      outcome = error.fields;
    }
  }
  const used = process.cpuUsage(start);
  const ms = (used.user + used.system) / 1000;
  assert.ok(ms < TIME_LIMIT_MS, `${context} ${name} took ${ms.toFixed(0)} ms of CPU`);
  return outcome;
}

const FUNCTIONS = ['validate', 'normalize', 'plan', 'render', 'files', 'generate'];

function nested(depth, leaf, wrap) {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = wrap(value);
  return value;
}

test('deep nesting (objects and arrays, 10k and 100k levels) is a field error from every function', () => {
  const cases = [];
  for (const depth of [10_000, 100_000]) {
    const object = nested(depth, 1, (v) => ({ a: v }));
    const array = nested(depth, 1, (v) => [v]);
    cases.push(
      [`config = object nested ${depth}`, object],
      [`app_name = object nested ${depth}`, { app_name: object }],
      [`agents = array nested ${depth}`, { agents: array }],
      [`agents[0] = object nested ${depth}`, { agents: [{ name: 'lead', description: object }] }],
      [`unknown field = array nested ${depth}`, { extra: array }],
    );
  }
  let calls = 0;
  for (const [label, config] of cases) {
    for (const name of FUNCTIONS) {
      const errors = attempt(name, config, label);
      assert.ok(errors, `${label}: ${name} accepted it`);
      calls++;
      assertHealthy(`${label} ${name}`);
    }
  }
  const errors = api.validate({ app_name: nested(10_000, 1, (v) => ({ a: v })) });
  assert.match(errors[0].message, /nested too deeply \(more than 128 levels\)/);
  console.log(`deep nesting: ${cases.length} configs × ${FUNCTIONS.length} functions = ${calls} calls, no trap`);
});

test('cycles, BigInts, functions and symbols are field errors too', () => {
  const cyclic = { app_name: 'x-app' };
  cyclic.self = cyclic;
  for (const [label, config] of [
    ['a cycle', cyclic],
    ['a BigInt', { app_name: 10n }],
    ['a function', () => 1],
    ['a symbol', Symbol('x')],
  ]) {
    for (const name of FUNCTIONS) assert.ok(attempt(name, config, label), `${label}: ${name} accepted it`);
    assertHealthy(label);
  }
});

test('10 MB strings in every field are refused quickly with short messages', () => {
  const huge = 'x'.repeat(10 * 1024 * 1024);
  const fields = Object.keys(api.defaults());
  const configs = [
    ...fields.map((field) => [field, { [field]: huge }]),
    ['agents[0].name', { agents: [{ name: huge }] }],
    ['agents[0].description', { agents: [{ name: 'lead', description: huge }] }],
    ['agents[1] (bare name)', { agents: ['lead', huge] }],
    ['an unknown field named by 10 MB', { [huge]: 1 }],
  ];
  for (const [label, config] of configs) {
    for (const name of ['validate', 'normalize', 'generate']) {
      const errors = attempt(name, config, `10 MB ${label}`);
      if (label !== 'observability') assert.ok(errors, `10 MB ${label}: ${name} accepted it`);
    }
    assertHealthy(`10 MB ${label}`, false);
  }
  assertHealthy('10 MB strings');
  console.log(`huge strings: ${configs.length} configs of 10 MB values, each refused under ${TIME_LIMIT_MS} ms of CPU`);
});

test('100 000 agents (a comma string or a list) are refused at once with one error', () => {
  const names = Array.from({ length: 100_000 }, (_, i) => `agent_${i}`);
  for (const agents of [names.join(','), names, names.map((name) => ({ name }))]) {
    for (const name of ['validate', 'normalize', 'plan']) {
      const errors = attempt(name, { agents }, `100k agents as ${typeof agents}`);
      assert.deepEqual(errors, [{ field: 'agents', message: 'has 100000 agents — give between 1 and 16' }]);
    }
  }
  assertHealthy('100k agents');
});

// --- Seeded random configs ----------------------------------------------------------

function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env.CONFIG_FUZZ_SEED || 20261202);
const COUNT = Number(process.env.CONFIG_FUZZ_COUNT || 3000);
const random = mulberry32(SEED);
const pick = (items) => items[Math.floor(random() * items.length)];
const int = (n) => Math.floor(random() * n);

const PIECES = [
  'a', 'z', '_', '-', ' ', ',', '0', '9', 'A', 'é', 'ß', '中', '🎉', '"', '\\', '\n', '\t', '\r', '\0',
  '\u202e', '\u2066', '\u200b', '\ufeff', '\u2028', '\ud800', '{{', '}}', '{%', '${', '</script>', '..', '/',
  'lead', 'scout', 'api', 'class', 'typing_extensions', 'request', 'node_modules', 'con', 'none', '--',
  'orchestrator', 'worker', 'cognito', 's3-vectors', 'opensearch', 'us-east-1', 'x86_64', 'arm64',
];

function randomString() {
  const n = pick([0, 1, 2, 3, 5, 8, 13, 31, 33, 64]);
  let s = '';
  for (let i = 0; i < n; i++) s += random() < 0.7 ? pick(PIECES) : String.fromCodePoint(int(0x30000));
  return random() < 0.02 ? s.repeat(1000) : s;
}

function randomValue(depth = 0) {
  const kinds = depth > 3 ? ['null', 'bool', 'number', 'string'] : ['null', 'bool', 'number', 'string', 'string', 'array', 'object'];
  switch (pick(kinds)) {
    case 'null':
      return pick([null, undefined]);
    case 'bool':
      return random() < 0.5;
    case 'number':
      return pick([0, -0, 1, -1, 16, 17, 1e308, -1e-308, 2 ** 53 + 1, 0.5, NaN, Infinity, int(1e9)]);
    case 'string':
      return randomString();
    case 'array':
      return Array.from({ length: pick([0, 1, 2, 3, 16, 17]) }, () => randomValue(depth + 1));
    default: {
      const value = {};
      for (let i = int(4); i > 0; i--) value[pick(['name', 'role', 'description', randomString()])] = randomValue(depth + 1);
      return value;
    }
  }
}

const FIELDS = Object.keys(api.defaults());

function mutated() {
  const config = structuredClone(api.defaults());
  for (let i = 1 + int(3); i > 0; i--) {
    const roll = random();
    if (roll < 0.55) config[pick(FIELDS)] = randomValue();
    else if (roll < 0.75) {
      if (!Array.isArray(config.agents)) config.agents = [];
      const i = int(config.agents.length + 1);
      const agent = config.agents[i] !== null && typeof config.agents[i] === 'object' ? config.agents[i] : {};
      config.agents[i] = agent;
      agent[pick(['name', 'role', 'description', randomString()])] = random() < 0.5 ? randomString() : randomValue();
    } else if (roll < 0.85) config.agents = Array.from({ length: int(5) }, () => randomString()).join(pick([',', ', ', ',,']));
    else if (roll < 0.95) delete config[pick(FIELDS)];
    else config[randomString()] = randomValue();
  }
  return random() < 0.02 ? pick([null, 7, 'config', [config], true]) : config;
}

test(`${COUNT} seeded random configs (seed ${SEED}): field errors or a project, never a trap`, () => {
  let rejected = 0;
  let accepted = 0;
  let slowest = 0;
  for (let i = 0; i < COUNT; i++) {
    const config = mutated();
    const context = `config #${i} (seed ${SEED}) ${JSON.stringify(config)?.slice(0, 300)}`;
    const start = performance.now();
    const errors = attempt('validate', config, context);
    const normalized = attempt('normalize', config, context);
    if (errors) {
      rejected++;
      assert.deepEqual(normalized, errors, `${context}: normalize() and validate() disagree`);
      if (i % 4 === 0) assert.ok(attempt('render', config, context), context);
    } else {
      accepted++;
      assert.equal(normalized, null, context);
      if (i % 10 === 0) assert.ok(api.plan(config).length > 50, context);
    }
    slowest = Math.max(slowest, performance.now() - start);
    // After every call the module answers as before; every 50th, byte for byte.
    assertHealthy(context, i % 50 === 0);
  }
  assertHealthy('the random configs');
  console.log(`random configs: ${COUNT} fuzzed (${rejected} rejected with field errors, ${accepted} valid), slowest ${slowest.toFixed(1)} ms`);
  assert.ok(rejected > COUNT / 2, 'most mutations are invalid');
});

test('a trap inside the core re-instantiates the module instead of poisoning it', () => {
  // Simulate a trap: the wrapper's glue module raises a WebAssembly.RuntimeError once.
  // The installed package's own glue module: the one its index.js calls.
  const packageDir = path.join(path.dirname(cli), '..', 'create-agent-app');
  const glue = createRequire(path.join(packageDir, 'index.js'))('./wasm/node/create_agent_app.js');
  const original = glue.generate;
  glue.generate = () => {
    throw new WebAssembly.RuntimeError('memory access out of bounds');
  };
  assert.throws(() => api.generate(PROBE), (error) => error.name === 'GeneratorError' && error.fields.length === 1);
  glue.generate = original;
  assertHealthy('a simulated trap');
  // The wrapper now runs a fresh instance of the glue: trap that one too.
  const fresh = createRequire(path.join(packageDir, 'index.js'))('./wasm/node/create_agent_app.js');
  assert.notEqual(fresh, glue, 'a fresh module after the trap');
  fresh.validate = () => {
    throw new WebAssembly.RuntimeError('unreachable');
  };
  const errors = api.validate(PROBE);
  assert.equal(errors.length, 1);
  assert.match(errors[0].message, /generator failed on this config/);
  assert.deepEqual(api.validate(PROBE), [], 'validate works again on a fresh instance');
});

test('the browser build (create-agent-app/web) answers deep and huge configs with field errors too', async () => {
  const packageDir = path.join(path.dirname(cli), '..', 'create-agent-app');
  const web = await import(pathToFileURL(path.join(packageDir, 'wasm', 'web', 'create_agent_app.js')).href);
  web.initSync({ module: fs.readFileSync(path.join(packageDir, 'wasm', 'web', 'create_agent_app_bg.wasm')) });
  const baseline = sha(web.generate(PROBE));
  assert.equal(baseline, BASELINE, 'the web build generates the same bytes as the Node build');
  for (const [label, config] of [
    ['10k nested objects', { app_name: nested(10_000, 1, (v) => ({ a: v })) }],
    ['100k nested arrays', { agents: nested(100_000, 1, (v) => [v]) }],
    ['a 10 MB title', { app_title: 'x'.repeat(10 * 1024 * 1024) }],
    ['100k agents', { agents: Array.from({ length: 100_000 }, (_, i) => `a${i}`).join(',') }],
  ]) {
    assertFieldErrors(web.validate(config), `web ${label}`);
    assert.throws(() => web.generate(config), (error) => error.name === 'ConfigError' && error.fields.length > 0, label);
    assert.equal(sha(web.generate(PROBE)), baseline, `web generate() after ${label}`);
  }
});

test('the CLI answers a deeply nested --config file with a clean error and writes nothing', () => {
  const work = tempDir();
  const file = path.join(work, 'deep.json');
  fs.writeFileSync(file, `{"app_name": ${'['.repeat(10_000)}1${']'.repeat(10_000)}}`);
  const result = runCli(cli, ['project', '--no-input', '--config', file], { cwd: work });
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stderr, /^Invalid configuration:\n {2}config: is nested too deeply/);
  assert.doesNotMatch(result.stderr, /RuntimeError|out of bounds|at .*\.js:\d+/);
  assert.ok(!fs.existsSync(path.join(work, 'project')), 'nothing written');

  fs.writeFileSync(file, JSON.stringify({ agents: Array.from({ length: 100_000 }, (_, i) => `a${i}`).join(',') }));
  const many = runCli(cli, ['project', '--no-input', '--config', file], { cwd: work });
  assert.equal(many.status, 1, many.stderr);
  assert.match(many.stderr, /agents: has 100000 agents — give between 1 and 16/);
  assert.ok(many.stderr.length < 1000, `${many.stderr.length} chars of errors`);
});
