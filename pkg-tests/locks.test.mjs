// Generated projects carry lockfiles that match their templates: locks/ holds what
// `make locks` resolved, and a dependency changed in templates/ without re-running it
// fails here with a message that says so. (The projects' own `make setup` and
// `make frontend-setup` install with `uv sync --locked` and `npm ci` in generated.test.mjs
// and frontend.test.mjs; infrastructure.test.mjs inits every Terraform part read-only.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { PYTHON, generateProject, installPackage } from './helpers.mjs';

const { cli } = installPackage();
const env = { ...process.env, PATH: `${path.dirname(PYTHON)}:${process.env.PATH}`, NO_COLOR: '1' };
const STALE = 'run `make locks` in create-agent-app and commit locks/';

const CONFIGS = {
  // The frontend's two variants, the backend's extras both ways, and root names that
  // sort before and after the framework in uv.lock.
  'clerk, observability': { app_name: 'aardvark' },
  'cognito, opensearch, no observability': {
    app_name: 'zebra-desk',
    auth_provider: 'cognito',
    vectors: 'opensearch',
    observability: false,
  },
};

for (const [name, config] of Object.entries(CONFIGS)) {
  test(`${name}: uv.lock and package-lock.json satisfy the project's manifests`, () => {
    const project = generateProject(cli, config);
    const uv = spawnSync('uv', ['lock', '--check'], { cwd: path.join(project, 'backend'), env, encoding: 'utf8' });
    assert.equal(uv.status, 0, `backend/uv.lock is stale: ${STALE}\n${uv.stderr}`);
    const npm = spawnSync('npm', ['ls', '--package-lock-only', '--all'], { cwd: path.join(project, 'frontend'), env, encoding: 'utf8' });
    assert.equal(npm.status, 0, `frontend/package-lock.json is stale: ${STALE}\n${npm.stderr}`);
    const lock = JSON.parse(fs.readFileSync(path.join(project, 'frontend', 'package-lock.json'), 'utf8'));
    assert.equal(lock.name, `${config.app_name}-frontend`);
    for (const part of fs.readdirSync(path.join(project, 'terraform')).filter((p) => /^\d/.test(p))) {
      const hcl = fs.readFileSync(path.join(project, 'terraform', part, '.terraform.lock.hcl'), 'utf8');
      // Hashes for the platforms users deploy from: zh: covers every platform's package.
      assert.ok((hcl.match(/"zh:[0-9a-f]{64}"/g) ?? []).length >= 4, part);
    }
  });
}

test('a dependency changed in a template without make locks fails the check, naming the fix', () => {
  const project = generateProject(cli, { app_name: 'drifted' });
  const pyproject = path.join(project, 'backend', 'framework', 'pyproject.toml');
  fs.writeFileSync(pyproject, fs.readFileSync(pyproject, 'utf8').replace('"sqlparse>=0.5",', '"sqlparse>=0.5",\n    "six>=1.16",'));
  const uv = spawnSync('uv', ['lock', '--check'], { cwd: path.join(project, 'backend'), env, encoding: 'utf8' });
  assert.notEqual(uv.status, 0);
  assert.match(uv.stderr, /needs to be updated/);
  const manifest = path.join(project, 'frontend', 'package.json');
  const json = JSON.parse(fs.readFileSync(manifest, 'utf8'));
  json.dependencies['left-pad'] = '^1.3.0';
  fs.writeFileSync(manifest, JSON.stringify(json, null, 2));
  const npm = spawnSync('npm', ['ls', '--package-lock-only', '--all'], { cwd: path.join(project, 'frontend'), env, encoding: 'utf8' });
  assert.notEqual(npm.status, 0);
  assert.match(npm.stderr, /missing: left-pad/);
});
