// `make bench`: how fast the generator is against cookiecutter and copier, and how big
// its artifacts are. Prints one table and writes it, with the machine and the exact
// commands, to BENCHMARKS.md. Numbers, not pass/fail (targets from issue #15 are shown
// beside them) — except that the engine comparison refuses to run unless all three
// engines write the same bytes.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import zlib from 'node:zlib';

import { COOKIECUTTER, COPIER, buildTemplates, commands, packageDir, run, treeDiff } from './bench/engines.mjs';
import { FANOUT_LATENCY, FANOUT_WORKERS, fanOut, freshCloneDemo, lambdaImport, localJob, zipSizes } from './bench/runtime.mjs';
import { PYTHON, ROOT, installPackage, tempDir } from './helpers.mjs';

const ROUNDS = 10; // alternating engine rounds
const WARM_RUNS = 30;
const COLD_RUNS = 5; // fresh processes per agent count
const AGENT_COUNTS = [1, 4, 8, 16];

const TGZ = path.join(ROOT, 'npm', fs.readdirSync(path.join(ROOT, 'npm')).find((f) => /^create-agent-app-.*\.tgz$/.test(f)));
const { api, cli } = installPackage(TGZ);
const agents = (n) => ({ agents: Array.from({ length: n }, (_, i) => `agent_${i}`) });
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x) => `${x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0)} ms`;
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const sec = (x) => `${x.toFixed(x < 10 ? 2 : 1)} s`;
const minutes = (x) => `${Math.floor(x / 60)} min ${Math.round(x % 60)} s`;
const rows = []; // [measure, value, target or note]
const row = (measure, value, note = '') => {
  rows.push([measure, value, note]);
  console.error(`  ${measure}: ${value}${note ? `  (${note})` : ''}`);
};
const progress = (text) => console.error(`bench: ${text}`);

function timeSync(fn) {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

function warm(fn, runs = WARM_RUNS) {
  fn();
  return median(Array.from({ length: runs }, () => timeSync(fn)));
}

// ---------------------------------------------------------------------------------
// The machine, before anything loads it.
const version = (file, args) => execFileSync(file, args, { encoding: 'utf8' }).trim().split('\n').at(-1);
const machine = {
  cpus: execFileSync('nproc', { encoding: 'utf8' }).trim(),
  model: os.cpus()[0]?.model ?? 'unknown',
  memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
  os: `${os.type()} ${os.release()} ${os.arch()}`,
  node: process.version,
  python: version(PYTHON, ['--version']),
  cookiecutter: version(COOKIECUTTER, ['--version']).split(' ').slice(0, 2).join(' '),
  copier: version(COPIER, ['--version']),
  generator: `create-agent-app ${api.version} (${path.relative(ROOT, TGZ)})`,
  load: os.loadavg().map((x) => x.toFixed(2)).join(', '),
  date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
};

// ---------------------------------------------------------------------------------
progress('building the cookiecutter and copier templates from the generated tree');
const templates = buildTemplates(cli, {});
const engines = commands(cli, templates);
const name = templates.answers.app_name;
const fileCount = api.files({}).length;

// Same bytes first (also the warm-up: file cache, Python bytecode).
const outputs = Object.fromEntries(Object.entries(engines).map(([engine, cmd]) => [engine, path.join(run(cmd), name)]));
for (const engine of ['cookiecutter', 'copier']) {
  const diffs = treeDiff(outputs.cli, outputs[engine]);
  if (diffs.length) throw new Error(`${engine} does not render the CLI's tree:\n${diffs.slice(0, 20).join('\n')}`);
}

progress(`${ROUNDS} alternating rounds: CLI, cookiecutter, copier (order rotates)`);
const order = ['cli', 'cookiecutter', 'copier'];
const times = { cli: [], cookiecutter: [], copier: [] };
const ratios = { cookiecutter: [], copier: [] };
for (let round = 0; round < ROUNDS; round++) {
  const took = {};
  for (let i = 0; i < order.length; i++) {
    const engine = order[(round + i) % order.length];
    took[engine] = timeSync(() => run(engines[engine]));
    times[engine].push(took[engine]);
  }
  ratios.cookiecutter.push(took.cli / took.cookiecutter);
  ratios.copier.push(took.cli / took.copier);
}
const spread = (xs) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
row(`CLI end to end, default app (${fileCount} files)`, ms(median(times.cli)), `median of ${ROUNDS}`);
row('cookiecutter --no-input, same tree', ms(median(times.cookiecutter)));
row('copier copy --defaults, same tree', ms(median(times.copier)));
row('CLI / cookiecutter', `${median(ratios.cookiecutter).toFixed(2)}×`, `target ≤ 0.15×; per-round range ${spread(ratios.cookiecutter)}`);
row('CLI / copier', `${median(ratios.copier).toFixed(2)}×`, `per-round range ${spread(ratios.copier)}`);

const withGit = [];
const nodeStart = [];
for (let i = 0; i < 5; i++) {
  withGit.push(timeSync(() => run((dir) => [cli, [name, '--no-input'], dir])));
  nodeStart.push(timeSync(() => execFileSync(process.execPath, ['-e', ''])));
}
row('CLI end to end with git init + first commit', ms(median(withGit)), 'median of 5');
row('node -e "" (Node start-up alone)', ms(median(nodeStart)), 'for scale');

// ---------------------------------------------------------------------------------
progress('generate(): cold (first call in a fresh process) and warm');
const COLD = `
const { performance } = require('node:perf_hooks');
const t0 = performance.now();
const api = require(process.argv[1]);
const t1 = performance.now();
api.generate(JSON.parse(process.argv[2]));
process.stdout.write(JSON.stringify({ load: t1 - t0, first: performance.now() - t1 }));
`;
const cold = (config, flags = []) => {
  const samples = Array.from({ length: COLD_RUNS }, () =>
    JSON.parse(execFileSync(process.execPath, [...flags, '-e', COLD, packageDir(cli), JSON.stringify(config)], { encoding: 'utf8' })),
  );
  return { load: median(samples.map((s) => s.load)), first: median(samples.map((s) => s.first)) };
};
const coldDefault = cold({});
row('require() of the package (WASM compile), fresh process', ms(coldDefault.load), `median of ${COLD_RUNS}`);
row('generate() cold, default app (3 agents)', ms(coldDefault.first), 'first call, V8 tiering the WASM up');
row('generate() cold, default app, --liftoff-only (as the CLI runs)', ms(cold({}, ['--liftoff-only']).first));
const warmDefault = warm(() => api.generate({}));
row('generate() warm, default app (3 agents)', ms(warmDefault), `target ≤ 8 ms; median of ${WARM_RUNS}`);
row('files() warm, default app (render only, no zip)', ms(warm(() => api.files({}))), 'the rest of generate() is the zip');
const warmBy = {};
for (const n of AGENT_COUNTS) {
  const c = cold(agents(n));
  warmBy[n] = warm(() => api.generate(agents(n)));
  row(`generate() ${n} agent${n > 1 ? 's' : ''}: cold / warm`, `${ms(c.first)} / ${ms(warmBy[n])}`, `${api.plan(agents(n)).length} files; warm ${ms(warmBy[n] / n)} per agent`);
}
const last = AGENT_COUNTS.at(-1);
const marginal = (warmBy[last] - warmBy[AGENT_COUNTS[0]]) / (last - AGENT_COUNTS[0]);
const marginalLow = (warmBy[AGENT_COUNTS[1]] - warmBy[AGENT_COUNTS[0]]) / (AGENT_COUNTS[1] - AGENT_COUNTS[0]);
const marginalHigh = (warmBy[last] - warmBy[AGENT_COUNTS.at(-2)]) / (last - AGENT_COUNTS.at(-2));
row(
  `generate() warm, each added agent (${AGENT_COUNTS[0]}→${last})`,
  ms(marginal),
  `${AGENT_COUNTS[0]}→${AGENT_COUNTS[1]}: ${ms(marginalLow)}, ${AGENT_COUNTS.at(-2)}→${last}: ${ms(marginalHigh)} (equal if linear)`,
);
row('plan() / validate() warm, default app', `${ms(warm(() => api.plan({})))} / ${ms(warm(() => api.validate({}), 200))}`);

// ---------------------------------------------------------------------------------
progress('sizes');
const wasmFile = path.join(ROOT, 'npm', 'wasm', 'web', 'create_agent_app_bg.wasm');
const wasm = fs.readFileSync(wasmFile);
const gzip = (bytes) => zlib.gzipSync(bytes, { level: 9 }).length;
const brotli = (bytes) =>
  zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length;
row('WASM raw / gzip -9 / brotli 11', `${kb(wasm.length)} / ${kb(gzip(wasm))} / ${kb(brotli(wasm))}`, path.relative(ROOT, wasmFile));
const listing = execFileSync('tar', ['-tzvf', TGZ], { encoding: 'utf8' }).trim().split('\n');
const unpacked = listing.reduce((sum, line) => sum + Number(line.trim().split(/\s+/)[2]), 0);
const wasmCopies = listing.filter((line) => line.endsWith('.wasm')).length;
row('npm tarball packed / unpacked', `${kb(fs.statSync(TGZ).size)} / ${kb(unpacked)}`, `target ≤ 600 kB packed; ${listing.length} files, ${wasmCopies} WASM`);
for (const [label, config] of [['default app', {}], [`${last} agents`, agents(last)]]) {
  row(`generated zip, ${label}`, kb(api.generate(config).length), `${api.plan(config).length} files`);
}

// The page's first load, as www/build.mjs counts it, if a page was built; the WASM is
// today's (npm/wasm), the rest what the last `make www` left in www/dist.
const dist = path.join(ROOT, 'www', 'dist');
if (fs.existsSync(path.join(dist, 'index.html'))) {
  const loaded = new Set(['index.html']);
  const queue = [];
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  for (const [, ref] of html.matchAll(/(?:href|src)="([^"#:]+\.(?:css|js))"/g)) {
    loaded.add(ref);
    if (ref.endsWith('.js')) queue.push(ref);
  }
  while (queue.length) {
    const file = queue.pop();
    for (const [, ref] of fs.readFileSync(path.join(dist, file), 'utf8').matchAll(/(?:import|from)\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), ref));
      if (!loaded.has(resolved)) {
        loaded.add(resolved);
        queue.push(resolved);
      }
    }
  }
  const bytes = [...loaded].map((f) => fs.readFileSync(path.join(dist, f))).concat([wasm]);
  const total = bytes.reduce((s, b) => s + b.length, 0);
  row('web page first load, raw / gzip', `${kb(total)} / ${kb(bytes.reduce((s, b) => s + gzip(b), 0))}`, `${bytes.length} files; page from www/dist (last make www), WASM from npm/wasm`);
} else {
  row('web page first load', 'not measured', 'run make www first (www/build.mjs prints it)');
}

// ---------------------------------------------------------------------------------
progress('a generated project: make setup, make job, make package for both architectures');
const local = localJob(cli);
row('make setup, default app (uv sync --locked, warm uv cache)', sec(local.setup));
row('One local job end to end (make job, default app)', sec(local.job), 'median of 3; offline model, embedded Postgres');
const zips = zipSizes(local.project);
for (const [name, size] of Object.entries(zips)) {
  if (['orchestrator', 'api', 'migrate'].includes(name)) row(`Lambda zip ${name}.zip, arm64 / x86_64`, `${size.arm64} MB / ${size.x86_64} MB`, 'target < 50 MB; bytecode included');
}

progress('agent Lambda import time against the source app\'s stack (installs it first)');
const imports = lambdaImport(local.project);
const versus = (mode) => `${sec(imports.ours[mode].seconds)} / ${sec(imports.source[mode].seconds)}`;
const importRatio = imports.ours.bytecode.seconds / imports.source.bytecode.seconds;
row('Agent Lambda import, bytecode: ours / source app stack', versus('bytecode'), `${importRatio.toFixed(2)}× (target ≤ 0.35×); median of 5 fresh processes`);
row('Agent Lambda import, no bytecode: ours / source app stack', versus('none'), `${(imports.ours.none.seconds / imports.source.none.seconds).toFixed(2)}×`);
row('Agent Lambda peak memory after import: ours / source', `${imports.ours.bytecode.mib.toFixed(0)} MiB / ${imports.source.bytecode.mib.toFixed(0)} MiB`, 'with bytecode');
row('Agent Lambda code unzipped: ours / source', `${imports.ours.mb.toFixed(0)} MB / ${imports.source.mb.toFixed(0)} MB`);
row('Import time bytecode saves, ours', `${(100 * (1 - imports.ours.bytecode.seconds / imports.ours.none.seconds)).toFixed(0)} %`, 'make package always compiles it');

progress(`worker fan-out: ${FANOUT_WORKERS.join(', ')} workers, ${FANOUT_LATENCY} s per model turn`);
for (const n of FANOUT_WORKERS) {
  const fan = fanOut(cli, n);
  row(
    `Worker fan-out, ${n} worker${n > 1 ? 's' : ''}`,
    `${(fan.summed / fan.span).toFixed(2)}×`,
    `ideal ${n}×; workers' span ${sec(fan.span)}, whole job ${sec(fan.wall)}`,
  );
}

progress('a fresh clone\'s make tools and make demo with a new HOME (minutes)');
const fresh = freshCloneDemo();
row('Fresh-clone make demo, tools included', minutes(fresh.total), `target ≤ 3 min; make tools ${minutes(fresh.tools)}, then make demo ${minutes(fresh.demo)} (HEAD ${fresh.head})`);

// ---------------------------------------------------------------------------------
const table = [
  '| Measure | Value | Target (issue #15) / note |',
  '|---|---:|---|',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
].join('\n');
console.log(table);

const shell = (file) => path.relative(ROOT, file);
const doc = `# Benchmarks

Written by \`make bench\` (pkg-tests/bench.mjs) — do not edit by hand; run it again. Numbers,
not pass/fail: the targets are issue #15's. Every engine comparison is a ratio from
alternating runs in one invocation (${ROUNDS} rounds, the order rotating each round; the
median of the per-round ratios), so a busy machine slows all three alike.

${table}

## What the engine comparison measures

pkg-tests/bench/make_templates.py builds a cookiecutter template and a copier template
from the files this generator makes for the default config (\`files({})\` of the packed
npm package): the same contents, with the app name, its snake_case form and the app title
put back as each engine's variables and every other brace kept literal in raw blocks.
Rendering them with their defaults reproduces the CLI's tree byte for byte, run bits
included; \`make bench\` refuses to time them otherwise, and
pkg-tests/bench-parity.test.mjs checks the same in \`make test-pkg\`. So the ratios
measure each engine's start-up, render and write cost on the same ${fileCount}-file tree —
not template-logic parity: the per-agent folders, the options and the manifest exist only
in create-agent-app (cookiecutter cannot loop directories without a hook).

## Machine

- ${machine.cpus} CPUs (\`nproc\`), ${machine.model}, ${machine.memory}, ${machine.os}
- Node ${machine.node}; ${machine.python}; ${machine.cookiecutter}; ${machine.copier}
- ${machine.generator}
- load average (1, 5, 15 min) when the run started: ${machine.load}; when it ended: ${os.loadavg().map((x) => x.toFixed(2)).join(', ')}; run at ${machine.date}
  (on 2 CPUs, a load above ~1 at the end means other work shared the machine: the
  ratios hold, the absolute times and the fresh-clone row do not)

## Commands

Each run writes into a fresh temp folder; output to the terminal is discarded.

- CLI (installed from the tarball with \`npm install\`, as a user gets it):
  \`create-agent-app ${name} --no-input --no-git\` (and without \`--no-git\` for the git row)
- cookiecutter: \`${shell(COOKIECUTTER)} --no-input -o OUT TEMPLATES/cookiecutter\`
- copier: \`${shell(COPIER)} copy --defaults --quiet TEMPLATES/copier OUT/${name}\`
- templates: \`${shell(PYTHON)} pkg-tests/bench/make_templates.py --package PKG --config '{}' --out TEMPLATES\`
- cold \`generate()\`: \`node [--liftoff-only] -e '<require the package, time the first generate(config)>'\`,
  ${COLD_RUNS} fresh processes per row, median; warm: the median of ${WARM_RUNS} calls in one process
  after one warm-up call. Agent configs: \`{agents: ["agent_0", …]}\`.
- sizes: gzip level 9 and brotli quality 11 through node:zlib; the tarball listing through \`tar -tzv\`.

- a generated project (the default app, generated by the CLI): \`make setup\` and \`make job\`
  timed as a user runs them; \`make package ARCH=arm64\` and \`ARCH=x86_64\` with LAMBDA_PYTHON
  set to a Python 3.12, each zip's size as it prints it.
- agent Lambda import: pkg-tests/bench/lambda_import.py, run with the project's Python. It
  unzips the x86_64 \`orchestrator.zip\` and installs the source app's agent dependencies
  (ed-donner/alex \`backend/planner\`: openai-agents[litellm], langfuse, pydantic, tenacity)
  with the same packager code, platform and uv.lock pins, compiled the same way; then
  times \`import lambda_handler\` against the source handler's imports (Agent, Runner,
  LitellmModel, litellm's exceptions, langfuse, tenacity) in fresh Python 3.12 processes
  with only boto3 beside them, as the Lambda runtime has it, and never writing bytecode
  (Lambda's code folder is read-only). "No bytecode" is the same folder without
  \`__pycache__\`.
- fan-out: pkg-tests/bench/fanout.py runs one local job (as \`make job\`) in a generated
  app with one orchestrator and N workers, \`MODEL=offline/${FANOUT_LATENCY}\` (each model turn
  waits ${FANOUT_LATENCY} s), and reads each worker's start and finish from its job_results row:
  the speedup is the workers' summed run time over the span from the first start to the
  last finish.
- fresh clone: \`git clone\` of this repository's HEAD, then \`make tools\` and \`make demo\` with
  HOME set to an empty folder (so no cargo-installed tools, no npm, uv or pip caches),
  keeping the Rust toolchain, the system's Python, Node and Terraform.
`;
fs.writeFileSync(path.join(ROOT, 'BENCHMARKS.md'), doc);
progress('wrote BENCHMARKS.md');
