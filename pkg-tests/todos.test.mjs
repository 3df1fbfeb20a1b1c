// The domain author's path: every place a domain author writes carries a `TODO(domain):`
// marker, `make todos` lists them (file:line) and fails while any remain, and once each
// marked line is resolved it passes. No plain TODO is left anywhere else.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { generateProject, installPackage } from './helpers.mjs';

const { cli } = installPackage();
const MARKER = 'TODO(domain):';
const SKIP_DIRS = new Set(['.git', 'node_modules', '.venv', '.next', 'dist', '__pycache__']);

function makeTodos(dir) {
  const result = spawnSync('make', ['-s', 'todos'], { cwd: dir, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every text file of the project (relative paths), skipping installed packages. */
function textFiles(dir, sub = '') {
  const out = [];
  for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
    const rel = sub ? `${sub}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) out.push(...textFiles(dir, rel));
    } else {
      const bytes = fs.readFileSync(path.join(dir, rel));
      if (!bytes.includes(0)) out.push(rel);
    }
  }
  return out;
}

function expectedFiles(agents, { service, vectors }) {
  const files = [
    'backend/api/routes.py',
    'backend/database/migrations/002_domain.sql',
    'backend/database/schemas.py',
    'frontend/components/JobDetail.tsx',
    'frontend/components/JobForm.tsx',
    'frontend/lib/config.ts',
    'terraform/6_agents/main.tf',
  ];
  for (const agent of agents) {
    files.push(`backend/${agent}/agent.py`, `backend/${agent}/evals/cases.toml`, `backend/${agent}/templates.py`);
  }
  if (service) files.push(`backend/${service}/agent.py`, `backend/${service}/templates.py`);
  if (vectors) files.push('guides/3_vectors.md');
  return files.sort();
}

/** What a domain author does, mechanically: each marked line loses its marker. */
function resolveAll(dir, listed) {
  for (const [file, lines] of Object.entries(listed)) {
    const full = path.join(dir, file);
    const text = fs.readFileSync(full, 'utf8').split('\n');
    for (const line of lines) {
      assert.ok(text[line - 1].includes(MARKER), `${file}:${line}`);
      text[line - 1] = text[line - 1].replace(`${MARKER} `, '').replace(MARKER, '');
    }
    fs.writeFileSync(full, text.join('\n'));
  }
}

for (const [label, config, agents, options] of [
  ['default config', { app_name: 'todo-app' }, ['orchestrator', 'researcher', 'writer'], {}],
  [
    'vectors, an async service and agents without descriptions',
    { app_name: 'todo-kb', vectors: 's3-vectors', async_service: 'monitor', agents: 'lead,scout' },
    ['lead', 'scout'],
    { service: 'monitor', vectors: true },
  ],
]) {
  test(`make todos lists every TODO(domain) marker until each is resolved (${label})`, () => {
    const dir = generateProject(cli, config);

    for (const file of textFiles(dir)) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      text.split('\n').forEach((line, index) => {
        assert.doesNotMatch(line, /TODO(?!\(domain\))/, `a plain TODO at ${file}:${index + 1}`);
      });
    }

    const before = makeTodos(dir);
    assert.notEqual(before.status, 0, before.stdout);
    const listed = {};
    for (const line of before.stdout.trim().split('\n')) {
      const match = /^([^:]+):(\d+):(.*)$/.exec(line);
      assert.ok(match, `not file:line:text: ${line}`);
      assert.ok(match[3].includes(MARKER), line);
      (listed[match[1]] ??= []).push(Number(match[2]));
    }
    const files = Object.keys(listed).sort();
    assert.deepEqual(files, expectedFiles(agents, options));
    // The orchestrator's WORKERS (its tools' descriptions) are marked when it has workers.
    const orchestrator = fs.readFileSync(path.join(dir, 'backend', agents[0], 'templates.py'), 'utf8');
    assert.match(orchestrator, /# TODO\(domain\):[^\n]*\n(#[^\n]*\n)*WORKERS = \{/);
    assert.match(before.stderr, /marker\(s\) left in \d+ file\(s\)/);

    resolveAll(dir, listed);
    const after = makeTodos(dir);
    assert.equal(after.status, 0, after.stdout + after.stderr);
    assert.match(after.stdout, /No TODO\(domain\) markers left/);
  });
}
