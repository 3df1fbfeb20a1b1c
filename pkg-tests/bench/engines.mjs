// The three engines on one tree, for `make bench` and bench-parity.test.mjs: builds the
// cookiecutter and copier templates (make_templates.py) from what the installed package
// generates, and runs each engine into a fresh folder.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { PYTHON, ROOT, readTree, tempDir } from '../helpers.mjs';

const VENV_BIN = path.dirname(PYTHON);
export const COOKIECUTTER = path.join(VENV_BIN, 'cookiecutter');
export const COPIER = path.join(VENV_BIN, 'copier');

/** The installed package's folder, from its bin path (node_modules/.bin/create-agent-app). */
export function packageDir(cli) {
  return path.join(path.dirname(cli), '..', 'create-agent-app');
}

/** Builds both templates for `config` into a temp dir; returns {cookiecutter, copier, answers}. */
export function buildTemplates(cli, config = {}) {
  for (const tool of [COOKIECUTTER, COPIER]) {
    if (!fs.existsSync(tool)) throw new Error(`${tool} is missing: run make tools (pkg-tests/requirements.txt)`);
  }
  const out = tempDir('caa-engines-');
  const answers = JSON.parse(
    execFileSync(PYTHON, [
      path.join(ROOT, 'pkg-tests', 'bench', 'make_templates.py'),
      '--package', packageDir(cli),
      '--config', JSON.stringify(config),
      '--out', out,
    ], { encoding: 'utf8' }),
  );
  return { cookiecutter: path.join(out, 'cookiecutter'), copier: path.join(out, 'copier'), answers };
}

/**
 * The three commands as [file, args, cwd] in a fresh folder each; all write the project
 * to `<fresh>/<app_name>`. The CLI takes its app name from the folder name, so the config
 * must only differ from the defaults where the folder name says so.
 */
export function commands(cli, templates) {
  const name = templates.answers.app_name;
  return {
    cli: (dir) => [cli, [name, '--no-input', '--no-git'], dir],
    cookiecutter: (dir) => [COOKIECUTTER, ['--no-input', '-o', dir, templates.cookiecutter], dir],
    copier: (dir) => [COPIER, ['copy', '--defaults', '--quiet', templates.copier, path.join(dir, name)], dir],
  };
}

/** Runs one engine's command into a fresh folder; returns the project's path. */
export function run(command) {
  const dir = tempDir('caa-run-');
  const [file, args, cwd] = command(dir);
  execFileSync(file, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  return dir;
}

/** Differences between two project trees (bytes and run bits; `.git` ignored), as text lines. */
export function treeDiff(a, b) {
  const left = readTree(a);
  const right = readTree(b);
  const diffs = [];
  for (const file of new Set([...Object.keys(left.files), ...Object.keys(right.files)])) {
    if (!(file in left.files)) diffs.push(`only in ${b}: ${file}`);
    else if (!(file in right.files)) diffs.push(`only in ${a}: ${file}`);
    else if (!left.files[file].equals(right.files[file])) diffs.push(`bytes differ: ${file}`);
    else if (left.executable.has(file) !== right.executable.has(file)) diffs.push(`run bit differs: ${file}`);
  }
  return diffs;
}
