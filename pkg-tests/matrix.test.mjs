// Every option combination the schema allows (pkg-tests/options.mjs derives them from
// schema(), with 1, 3 and 16 agents), each generated and put through the cheap gates:
// archive checks here (a valid zip whose contents equal a second rendering, one root
// folder, no escaping path, run bits only on the entry points, no template syntax left,
// no secrets), then
// check_matrix.py (every file parses, ruff check and format, terraform fmt, the guides'
// citations) and check_matrix_iam.py (the deploy group's grants and IAM lint) over the
// distinct files of all of them. Also prints the pairwise covering set of the options.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { inflateRawSync } from 'node:zlib';

import { PYTHON, ROOT, generateProject, installPackage, tempDir } from './helpers.mjs';
import { combinations, factors, gateCovering, label, pairwise } from './options.mjs';

const { api, cli } = installPackage();
const FACTORS = factors(api.schema());
const ALL = combinations(FACTORS);

// The scripts a user runs by path; every other file is not executable.
const ENTRY_POINTS = new Set(['scripts/deploy.py', 'scripts/destroy.py', 'scripts/deploy_frontend.py', 'scripts/todos.sh']);
// Jinja that must never survive rendering (as tests/generate.rs): statements, comments,
// `{{ name }}` expressions and the template folders' placeholder names.
const JINJA = /\{%-?\s|\s-?%\}|\{#|#\}|\{\{-?\s*[A-Za-z_][\w.]*\s*(\|[^{}]*)?-?\}\}|__agent__|__service__/;
// Secrets that must never land in a generated file (AWS's documented example key aside).
const SECRETS = [
  /AKIA(?!IOSFODNN7EXAMPLE)[0-9A-Z]{16}/,
  /-----BEGIN (RSA |EC |OPENSSH )?PRIVATE KEY-----/,
  /\bsk_(live|test)_[A-Za-z0-9]{16,}/,
  /\bsk-lf-[0-9a-f]{8}-[0-9a-f-]{20,}/,
  /\bsk-(proj-)?[A-Za-z0-9]{32,}/,
  /aws_secret_access_key\s*=\s*["']?[A-Za-z0-9/+]{40}/,
];

/** [{name, mode}] of a zip's entries, from its central directory. */
function zipEntries(zip) {
  const bytes = Buffer.from(zip);
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'no end of central directory');
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const entries = [];
  for (let i = 0; i < count; i += 1) {
    assert.equal(bytes.readUInt32LE(at), 0x02014b50, 'a central directory entry');
    const nameLength = bytes.readUInt16LE(at + 28);
    const extra = bytes.readUInt16LE(at + 30);
    const comment = bytes.readUInt16LE(at + 32);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    const local = bytes.readUInt32LE(at + 42);
    const compressed = bytes.readUInt32LE(at + 20);
    const method = bytes.readUInt16LE(at + 10);
    const dataAt = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(dataAt, dataAt + compressed);
    entries.push({ name, mode: (bytes.readUInt32LE(at + 38) >>> 16) & 0o777, data: method === 8 ? inflateRawSync(data) : data });
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

/** What is wrong with one file's text, wherever it lands. */
function contentProblems(file) {
  const problems = [];
  const text = Buffer.from(file.contents).toString('utf8');
  // GitHub's workflow expressions are `${{ … }}`: the workflow file is copied verbatim.
  const leftover = JINJA.exec(file.path) ?? (file.path.startsWith('.github/workflows/') ? null : JINJA.exec(text));
  if (leftover) problems.push(`${file.path} has template syntax ${JSON.stringify(leftover[0])}`);
  for (const secret of SECRETS) {
    if (secret.test(text)) problems.push(`${file.path} holds something shaped like a secret (${secret})`);
  }
  return problems;
}

/** What is wrong with one combination's archive: its entries against files(), a second
 * rendering of the same config. */
function archiveProblems(config, zip, files) {
  const problems = [];
  const root = `${config.app_name ?? 'my-agent-app'}/`;
  const entries = zipEntries(zip);
  if (entries.length !== files.length) problems.push(`the zip has ${entries.length} entries for ${files.length} files`);
  entries.forEach((entry, index) => {
    const file = files[index];
    const rel = entry.name.startsWith(root) ? entry.name.slice(root.length) : null;
    if (rel === null || rel.split('/').some((part) => part === '' || part === '.' || part === '..') || rel.includes('\\')) {
      problems.push(`an entry outside the root folder: ${entry.name}`);
    } else if (!file || rel !== file.path || Buffer.compare(entry.data, Buffer.from(file.contents)) !== 0) {
      problems.push(`the zip's ${rel} is not files()'s`);
    } else if (entry.mode !== (ENTRY_POINTS.has(rel) ? 0o755 : 0o644)) {
      problems.push(`${rel} has mode ${entry.mode.toString(8)}`);
    }
  });
  return problems;
}

function runChecker(python, script, dir) {
  const result = spawnSync(python, [path.join(ROOT, 'pkg-tests', script), dir], { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(result.status, 0, `${script}:\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(result.stdout);
}

test(`every option combination (${ALL.length}) passes the cheap gates`, () => {
  console.log(`options from schema(): ${FACTORS.map((f) => `${f.name} (${f.values.length})`).join(', ')}`);
  console.log(`${ALL.length} valid combinations (a hidden field only at its default)`);
  const dir = tempDir('caa-matrix-');
  fs.mkdirSync(path.join(dir, 'blobs'));
  const written = new Set();
  const executable = new Set();
  const manifest = [];
  const problems = [];
  const started = Date.now();
  for (const config of ALL) {
    const name = label(config, FACTORS);
    // The zip, and files() as a second rendering: their contents must agree (the zip
    // writer's own determinism, timestamps and order, is tests/generate.rs's).
    const zip = api.generate(config);
    const files = api.files(config);
    problems.push(...archiveProblems(config, zip, files).map((problem) => `${name}: ${problem}`));
    const shas = {};
    for (const file of files) {
      const sha = createHash('sha256').update(file.contents).digest('hex').slice(0, 24);
      if (!written.has(sha)) {
        // Template leftovers and secrets are properties of a content: checked once each.
        problems.push(...contentProblems(file).map((problem) => `${name}: ${problem}`));
        fs.writeFileSync(path.join(dir, 'blobs', sha), file.contents);
        written.add(sha);
      }
      shas[file.path] = sha;
      if (file.executable) executable.add(file.path);
    }
    manifest.push({ label: name, files: shas });
  }
  console.log(`generated and archive-checked in ${((Date.now() - started) / 1000).toFixed(1)} s: ${written.size} distinct files`);
  assert.deepEqual(problems.slice(0, 40), []);
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ executable: [...executable], combinations: manifest }));

  const report = runChecker(PYTHON, 'check_matrix.py', dir);
  console.log(`check_matrix.py: ${JSON.stringify(report)}`);
  assert.equal(report.combinations, ALL.length);

  // The framework's IAM checks need its environment: one generated project's.
  const project = generateProject(cli, { app_name: 'iam-checker' });
  const setup = spawnSync('make', ['setup'], { cwd: project, encoding: 'utf8', env: { ...process.env, PATH: `${path.dirname(PYTHON)}:${process.env.PATH}` } });
  assert.equal(setup.status, 0, setup.stderr);
  const iam = runChecker(path.join(project, 'backend', '.venv', 'bin', 'python'), 'check_matrix_iam.py', dir);
  console.log(`check_matrix_iam.py: ${JSON.stringify(iam)}`);
  assert.equal(iam.combinations, ALL.length);
});

test('the pairwise set covers every pair of option values that a valid combination has', () => {
  const picked = pairwise(ALL, FACTORS);
  console.log(`pairwise covering set: ${picked.length} of ${ALL.length} combinations cover every pair of option values:`);
  for (const { config, covers } of picked) console.log(`  ${label(config, FACTORS)}  (+${covers} pairs)`);
  // Every pair some valid combination has is in the set, and only valid combinations are.
  const key = (config) => JSON.stringify(config);
  const valid = new Set(ALL.map(key));
  assert.ok(picked.every(({ config }) => valid.has(key(config))));
  const shown = (config) => FACTORS.filter((f) => !(f.hiddenWhen && Object.entries(f.hiddenWhen).every(([k, v]) => config[k] === v)));
  const pairs = (config) => {
    const fields = shown(config).map((f) => `${f.name}=${JSON.stringify(config[f.name])}`);
    return fields.flatMap((a, i) => fields.slice(i + 1).map((b) => `${a} & ${b}`));
  };
  const covered = new Set(picked.flatMap(({ config }) => pairs(config)));
  const missing = [...new Set(ALL.flatMap(pairs))].filter((pair) => !covered.has(pair));
  assert.deepEqual(missing, []);
  // Far fewer than all of them: the point of a covering set.
  assert.ok(picked.length <= 16, `${picked.length} configs`);
});

test('a gate\'s covering set, with the configs it checks anyway, covers every pair of the options it reads', () => {
  const terraform = (file) => file.startsWith('terraform/');
  const seeds = [{}, { agents: 'solo', vectors: 'opensearch' }];
  const { factors: read, picks } = gateCovering(api, FACTORS, terraform, seeds, 'covered-app');
  // Only what changes a Terraform file: the guides' style does not, the guardrail does.
  assert.ok(!read.some((f) => f.name === 'guides') && read.some((f) => f.name === 'guardrails'));
  // Checked here without options.mjs's own pair bookkeeping: every pair of values of the
  // read options that a valid combination has appears in a seed or a pick.
  const count = (agents) => (typeof agents === 'string' ? agents.split(',') : agents).length;
  const value = (config, f) => {
    const v = config[f.name] ?? f.default;
    return f.name === 'agents' ? count(v) : v;
  };
  const shown = (config) => read.filter((f) => !(f.hiddenWhen && Object.entries(f.hiddenWhen).every(([k, v]) => (config[k] ?? read.find((g) => g.name === k)?.default) === v)));
  const pairs = (config) => {
    const fields = shown(config).map((f) => `${f.name}=${JSON.stringify(value(config, f))}`);
    return fields.flatMap((a, i) => fields.slice(i + 1).map((b) => `${a} & ${b}`));
  };
  const covered = new Set([...seeds, ...picks.map((p) => p.config)].flatMap(pairs));
  const missing = [...new Set(ALL.flatMap(pairs))].filter((pair) => !covered.has(pair));
  assert.deepEqual(missing, []);
  // The seeds count: without them the set needs more projects.
  assert.ok(gateCovering(api, FACTORS, terraform, [], 'covered-app').picks.length > picks.length);
  // Every pick is one app name, so identical files stay identical across picks.
  assert.ok(picks.every((p) => p.config.app_name === 'covered-app'));
});

test('the option space follows the schema: a new choice is a new factor', () => {
  const schema = api.schema();
  // Every field with choices is a factor, with exactly the schema's choices.
  const names = FACTORS.map((f) => f.name);
  for (const [name, property] of Object.entries(schema.properties)) {
    const target = property.$ref ? schema.$defs[property.$ref.split('/').pop()] : property;
    const hasChoices = Boolean(target.oneOf || target.enum || target.type === 'boolean' || property.examples || name === 'agents');
    assert.equal(names.includes(name), hasChoices, name);
  }
  // A made-up enum field doubles the space; one hidden behind it adds only where shown.
  const extended = structuredClone(schema);
  extended.properties.extra = { type: 'boolean', default: false };
  extended.properties.detail = { enum: ['a', 'b', 'c'], default: 'a', 'x-hidden-when': { extra: false } };
  const more = combinations(factors(extended));
  assert.equal(more.length, ALL.length * (1 + 3));
});

test('the archive checks catch what they are for', () => {
  const file = (name, text) => ({ path: name, contents: Buffer.from(text) });
  assert.equal(contentProblems(file('a.py', 'x = "{{ app_name }}"')).length, 1);
  assert.equal(contentProblems(file('backend/__agent__/a.py', '')).length, 1);
  assert.equal(contentProblems(file('.github/workflows/ci.yml', 'run: ${{ matrix.x }}')).length, 0);
  for (const secret of ['AKIA' + 'QWERTYUIOPASDFGH', '-----BEGIN RSA PRIVATE' + ' KEY-----', 'sk_live_' + 'a1'.repeat(12)]) {
    assert.equal(contentProblems(file('notes.txt', `key: ${secret}`)).length, 1, secret);
  }
  assert.equal(contentProblems(file('notes.txt', 'AKIAIOSFODNN7EXAMPLE')).length, 0);
  const config = { app_name: 'probe-app', agents: 'solo' };
  const [zip, files] = [api.generate(config), api.files(config)];
  assert.deepEqual(archiveProblems(config, zip, files), []);
  const changed = files.map((f, i) => (i === 0 ? { ...f, contents: Buffer.from('changed') } : f));
  assert.match(archiveProblems(config, zip, changed).join('\n'), /is not files\(\)'s/);
  assert.match(archiveProblems({ ...config, app_name: 'other-app' }, zip, files).join('\n'), /outside the root folder/);
});

test('free text of any length near the line limit renders as ruff formats it', () => {
  // A module-level `NAME = "text"` over 100 columns is wrapped in parentheses by ruff
  // exactly when the string then fits: text of every length around that edge, ASCII and
  // with a two-column emoji, in each file that assigns free text.
  const dir = tempDir('caa-ruff-width-');
  fs.copyFileSync(path.join(ROOT, 'templates', 'ruff.toml'), path.join(dir, 'ruff.toml'));
  const paths = ['backend/lead/templates.py', 'backend/scout/templates.py', 'backend/watcher/templates.py', 'backend/api/main.py'];
  for (let length = 75; length <= 100; length += 1) {
    for (const text of ['x'.repeat(length), `${'y'.repeat(length - 2)}🎉`]) {
      const config = {
        app_name: 'width-app',
        app_title: text,
        app_description: text,
        agents: [{ name: 'lead', description: text }, { name: 'scout', description: text }],
        async_service: 'watcher',
      };
      for (const file of paths) {
        const name = `${length}_${text.endsWith('🎉') ? 'wide' : 'ascii'}_${file.replaceAll('/', '_')}`;
        fs.writeFileSync(path.join(dir, name), api.render(config, file));
      }
    }
  }
  const ruff = path.join(path.dirname(PYTHON), 'ruff');
  const result = spawnSync(ruff, ['format', '--check', '--diff', '.'], { cwd: dir, encoding: 'utf8' });
  assert.equal(result.status, 0, `${result.stdout.slice(0, 4000)}${result.stderr.slice(0, 2000)}`);
});
