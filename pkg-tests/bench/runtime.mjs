// `make bench`'s run-time rows: a generated project's setup, one local job, its Lambda
// zips per architecture, the agent Lambda's import time against the source app's stack,
// worker fan-out, and a newcomer's first `make demo` from a fresh clone.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { PYTHON, ROOT, findLambdaPython, generateProject, tempDir } from '../helpers.mjs';

export const FANOUT_WORKERS = [1, 2, 4, 8];
export const FANOUT_LATENCY = 1; // seconds per offline model turn (MODEL=offline/1)
const UV = path.join(path.dirname(PYTHON), 'uv');

function timed(command, args, options) {
  const start = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return { seconds, stdout: result.stdout };
}

function projectEnv(extra = {}) {
  const lambdaPython = findLambdaPython();
  if (!lambdaPython) throw new Error('make bench needs a Python 3.12 (set LAMBDA_PYTHON) to build and import the Lambda zips');
  return { ...process.env, PATH: `${path.dirname(PYTHON)}:${process.env.PATH}`, LAMBDA_PYTHON: lambdaPython, ...extra };
}

const make = (project, args, extra) => timed('make', args, { cwd: project, env: projectEnv(extra) });

/** `make setup` then `make job` (median of `runs`) in the default app. */
export function localJob(cli, runs = 3) {
  const project = generateProject(cli, {});
  const setup = make(project, ['setup']);
  const jobs = Array.from({ length: runs }, () => make(project, ['job']).seconds);
  return { project, setup: setup.seconds, job: jobs.sort((a, b) => a - b)[Math.floor(runs / 2)] };
}

/** `make package` for both architectures: each zip's MB zipped, by architecture. */
export function zipSizes(project) {
  const sizes = {};
  for (const arch of ['arm64', 'x86_64']) {
    const { stdout } = make(project, ['package', `ARCH=${arch}`]);
    for (const line of stdout.split('\n')) {
      const found = line.trim().match(/^(\S+)\.zip\s+([\d.]+) MB zipped.*\(bytecode included/);
      if (found) (sizes[found[1]] ??= {})[arch] = Number(found[2]);
    }
  }
  return sizes; // the x86_64 zips stay in backend/dist
}

/** The orchestrator's x86_64 zip against the source app's stack, with and without
 * bytecode (pkg-tests/bench/lambda_import.py). */
export function lambdaImport(project, runs = 5) {
  const backend = path.join(project, 'backend');
  const script = path.join(ROOT, 'pkg-tests', 'bench', 'lambda_import.py');
  const args = [script, '--zip', path.join(backend, 'dist', 'orchestrator.zip'), '--backend', backend];
  args.push('--lambda-python', findLambdaPython(), '--uv', UV, '--runs', String(runs));
  const { stdout } = timed(path.join(backend, '.venv', 'bin', 'python'), args, { cwd: backend, env: projectEnv() });
  return JSON.parse(stdout.trim().split('\n').at(-1));
}

/** One job with 1 orchestrator and n workers, each model turn taking FANOUT_LATENCY s. */
export function fanOut(cli, n) {
  const workers = Array.from({ length: n }, (_, i) => `worker_${i + 1}`);
  const project = generateProject(cli, { app_name: `fan-out-${n}`, agents: ['lead', ...workers] });
  make(project, ['setup']);
  const backend = path.join(project, 'backend');
  const script = path.join(ROOT, 'pkg-tests', 'bench', 'fanout.py');
  const env = projectEnv({ MODEL: `offline/${FANOUT_LATENCY}` });
  const { stdout } = timed(path.join(backend, '.venv', 'bin', 'python'), [script], { cwd: backend, env });
  return JSON.parse(stdout.trim().split('\n').at(-1));
}

/** A newcomer's first `make demo`: a clone of HEAD, run with a new HOME (no cargo tools,
 * no npm, uv or pip caches, no git identity), keeping only the Rust toolchain (rustup's
 * proxies and RUSTUP_HOME), the system's Python, Node and Terraform. `make tools` and
 * the rest of `make demo` are timed apart. */
export function freshCloneDemo() {
  const work = tempDir('caa-fresh-');
  const home = path.join(work, 'home');
  const clone = path.join(work, 'create-agent-app');
  fs.mkdirSync(home);
  execFileSync('git', ['clone', '--quiet', ROOT, clone]);
  const cargoBin = path.join(os.homedir(), '.cargo', 'bin');
  const toolchain = path.join(work, 'toolchain');
  fs.mkdirSync(toolchain);
  for (const tool of ['cargo', 'rustc', 'rustup', 'rustfmt', 'cargo-fmt', 'cargo-clippy', 'clippy-driver']) {
    if (fs.existsSync(path.join(cargoBin, tool))) fs.symlinkSync(path.join(cargoBin, tool), path.join(toolchain, tool));
  }
  const rustupHome = execFileSync('rustup', ['show', 'home'], { encoding: 'utf8' }).trim();
  const inherited = (process.env.PATH ?? '').split(':').filter((dir) => dir !== cargoBin && !dir.startsWith(ROOT));
  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(CARGO_|UV_|npm_|LAMBDA_PYTHON)/i.test(k))),
    HOME: home,
    RUSTUP_HOME: rustupHome,
    PATH: [toolchain, ...inherited].join(':'),
  };
  const tools = timed('make', ['tools'], { cwd: clone, env });
  const demo = timed('make', ['demo'], { cwd: clone, env });
  const completed = /\nJob completed\n/.test(demo.stdout);
  if (!completed) throw new Error(`the fresh clone's make demo did not complete a job:\n${demo.stdout.slice(-2000)}`);
  return { tools: tools.seconds, demo: demo.seconds, total: tools.seconds + demo.seconds, head: execFileSync('git', ['-C', clone, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim() };
}
