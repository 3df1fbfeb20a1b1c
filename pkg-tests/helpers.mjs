// Shared by the pkg-tests: installs the packed npm tarball (as a user would get it) into
// a temp dir once per test file, and runs its CLI.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PYTHON = path.join(ROOT, '.tools', 'venv', 'bin', 'python');

function tarball() {
  const found = fs.readdirSync(path.join(ROOT, 'npm')).filter((f) => /^create-agent-app-.*\.tgz$/.test(f));
  if (found.length !== 1) throw new Error(`expected one packed tarball in npm/, found ${found.length}: run make build`);
  return path.join(ROOT, 'npm', found[0]);
}

// Every temp dir a test file made, removed when its process exits (one listener).
const TEMP_DIRS = [];
process.on('exit', () => {
  for (const dir of TEMP_DIRS) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh temp dir, removed when the process exits. */
export function tempDir(prefix = 'caa-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  TEMP_DIRS.push(dir);
  return dir;
}

/** Installs the tarball (by default the one `make build` packed); returns {api, cli} —
 * the package's exports and its bin path. */
export function installPackage(packed = tarball()) {
  const prefix = tempDir('caa-install-');
  fs.writeFileSync(path.join(prefix, 'package.json'), '{"private": true}');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--silent', packed], { cwd: prefix });
  const require = createRequire(path.join(prefix, 'index.js'));
  return {
    api: require('create-agent-app'),
    cli: path.join(prefix, 'node_modules', '.bin', 'create-agent-app'),
  };
}

/** Runs the installed CLI; returns {status, stdout, stderr}. Stdin is not a TTY. */
export function runCli(cli, args, options = {}) {
  const result = spawnSync(cli, args, { encoding: 'utf8', input: '', ...options });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Generates a project with the installed CLI (so files get their run bits) into a
 * fresh temp dir; returns its path. */
export function generateProject(cli, config) {
  const work = tempDir();
  const file = path.join(work, 'config.json');
  fs.writeFileSync(file, JSON.stringify(config));
  const result = runCli(cli, ['project', '--config', file], { cwd: work });
  if (result.status !== 0) throw new Error(`create-agent-app failed:\n${result.stderr}`);
  return path.join(work, 'project');
}

/** Every file below `dir` as {relativePath: Buffer}, plus which are executable; a
 * project's `.git` folder (the CLI makes one) is not part of it. */
export function readTree(dir) {
  const files = {};
  const executable = new Set();
  const walk = (sub) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory() && rel === '.git') continue;
      if (entry.isDirectory()) walk(rel);
      else {
        files[rel] = fs.readFileSync(path.join(dir, rel));
        if (fs.statSync(path.join(dir, rel)).mode & 0o100) executable.add(rel);
      }
    }
  };
  walk('');
  return { files, executable };
}

/** Runs pkg-tests/check_generated.py on a project; returns its parsed JSON report. */
export function checkGenerated(projectDir, extraArgs = []) {
  const result = spawnSync(PYTHON, [path.join(ROOT, 'pkg-tests', 'check_generated.py'), projectDir, ...extraArgs], {
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`check_generated.py failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return JSON.parse(result.stdout);
}

/** A Python 3.12 (the Lambda runtime's version) this machine has: LAMBDA_PYTHON, one on
 * PATH, the system's, or pyenv's (whose shims answer only for the active version); null if
 * none. scripts/test-pkg.sh exports it for the whole test run. */
export function findLambdaPython() {
  const root = path.join(os.homedir(), '.pyenv', 'versions');
  const pyenv = fs.existsSync(root)
    ? fs.readdirSync(root).filter((v) => v.startsWith('3.12')).map((v) => path.join(root, v, 'bin', 'python3.12'))
    : [];
  for (const candidate of [process.env.LAMBDA_PYTHON, 'python3.12', '/usr/bin/python3.12', ...pyenv]) {
    if (!candidate) continue;
    const probe = spawnSync(candidate, ['-c', 'import sys; print(sys.version_info[:2] == (3, 12))'], { encoding: 'utf8' });
    if (probe.stdout?.trim() === 'True') return candidate;
  }
  return null;
}

/** The environment for a project's `make test` without backend/framework's tests (the
 * framework is copied verbatim, so one project's run covers it): its pytest testpaths
 * minus the framework's. (pytest's --ignore does not apply to testpaths, which count as
 * paths given on the command line.) */
export function skipFrameworkTests(project) {
  const pyproject = fs.readFileSync(path.join(project, 'backend', 'pyproject.toml'), 'utf8');
  const testpaths = [.../testpaths = \[([^\]]*)\]/.exec(pyproject)[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  const rest = testpaths.filter((p) => !p.startsWith('framework/'));
  if (rest.length === 0 || rest.length === testpaths.length) throw new Error(`unexpected testpaths: ${testpaths}`);
  return { PYTEST_ADDOPTS: `-o "testpaths=${rest.join(' ')}"` };
}

/** The environment a generated project's make targets run in: the tools' Python first
 * (uv comes from there). */
export const makeEnv = () => ({ ...process.env, PATH: `${path.dirname(PYTHON)}:${process.env.PATH}` });

/** Runs `make target` in a generated project and asserts it passed; returns its stdout. */
export function make(project, target, extra = [], env = {}) {
  const result = spawnSync('make', [target, ...extra], { cwd: project, env: { ...makeEnv(), ...env }, encoding: 'utf8' });
  assert.equal(result.status, 0, `make ${target}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** The agents a generated project has, from its config record. */
export const projectAgents = (project) =>
  JSON.parse(fs.readFileSync(path.join(project, '.create-agent-app.json'), 'utf8')).config.agents;

/** `make setup` (from uv's cache alone if `offline`: after a first project, the lock
 * pins everything another needs), then `make test` (without the framework's tests unless
 * `framework`: it is copied verbatim, so one project's run covers it). */
export function setupAndTest(project, { framework = false, offline = false } = {}) {
  make(project, 'setup', [], offline ? { UV_OFFLINE: '1' } : {});
  assert.match(make(project, 'test', [], framework ? {} : skipFrameworkTests(project)), / passed/);
}

/** `make job`: every agent printed a result, with its tokens and cost, and the job
 * completed. Returns the output. */
export function runJob(project, env = {}) {
  const job = make(project, 'job', [], env);
  const agents = projectAgents(project);
  for (const agent of agents) assert.match(job, new RegExp(`== ${agent.name} ==\\n\\{`), job);
  assert.match(job, /\nJob completed\n/);
  for (const agent of agents) assert.match(job, new RegExp(`^${agent.name}\\s+offline\\s+2\\s+[\\d,]+\\s+[\\d,]+\\s+0\\.000000$`, 'm'), job);
  assert.match(job, /^total\s+\d+\s+[\d,]+\s+[\d,]+\s+0\.000000$/m);
  return job;
}
