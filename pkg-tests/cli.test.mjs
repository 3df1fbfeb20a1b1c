// The CLI from the packed tarball: writing, refusing, --force, --config, --set, failures.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { installPackage, readTree, runCli, tempDir } from './helpers.mjs';

const { api, cli } = installPackage();

function leftovers(dir) {
  return fs.readdirSync(dir).filter((name) => name.includes('.partial-'));
}

test('--no-input writes the same files generate() zips, with run bits', () => {
  const work = tempDir();
  const result = runCli(cli, ['my-app', '--no-input'], { cwd: work });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /Created My App in my-app \(\d+ files; a git repository with one commit\)/);
  assert.match(result.stdout, /cd my-app/);
  const { files, executable } = readTree(path.join(work, 'my-app'));
  const expected = api.files({ app_name: 'my-app' });
  assert.deepEqual(Object.keys(files).sort(), expected.map((f) => f.path));
  for (const file of expected) {
    assert.deepEqual(new Uint8Array(files[file.path]), file.contents, file.path);
    assert.equal(executable.has(file.path), file.executable, file.path);
  }
  assert.ok(executable.has('scripts/todos.sh'));
  assert.equal(fs.statSync(path.join(work, 'my-app')).mode & 0o777, 0o755 & ~process.umask());
  assert.deepEqual(leftovers(work), []);
});

test('the directory name becomes the app name unless one is given', () => {
  const work = tempDir();
  assert.equal(runCli(cli, ['loan-desk', '--no-input'], { cwd: work }).status, 0);
  const answers = JSON.parse(fs.readFileSync(path.join(work, 'loan-desk', '.create-agent-app.json')));
  assert.equal(answers.config.app_name, 'loan-desk');
  assert.equal(runCli(cli, ['out', '--no-input', '--set', 'app_name=other-name'], { cwd: work }).status, 0);
  assert.equal(JSON.parse(fs.readFileSync(path.join(work, 'out', '.create-agent-app.json'))).config.app_name, 'other-name');
  // No directory: the app name is the directory.
  assert.equal(runCli(cli, ['--no-input', '--set', 'app_name=third-app'], { cwd: work }).status, 0);
  assert.ok(fs.existsSync(path.join(work, 'third-app', 'README.md')));
});

test('a non-empty directory is refused and left untouched; --force writes into it', () => {
  const work = tempDir();
  const target = path.join(work, 'busy-app');
  fs.mkdirSync(target);
  fs.writeFileSync(path.join(target, 'notes.txt'), 'mine');
  fs.writeFileSync(path.join(target, 'README.md'), 'old readme');
  const refused = runCli(cli, ['busy-app', '--no-input'], { cwd: work });
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /busy-app is not empty — choose another directory, or pass --force/);
  assert.deepEqual(fs.readdirSync(target).sort(), ['README.md', 'notes.txt']);
  assert.deepEqual(leftovers(work), []);

  const forced = runCli(cli, ['busy-app', '--no-input', '--force'], { cwd: work });
  assert.equal(forced.status, 0, forced.stderr);
  assert.equal(fs.readFileSync(path.join(target, 'notes.txt'), 'utf8'), 'mine');
  assert.match(fs.readFileSync(path.join(target, 'README.md'), 'utf8'), /^# Busy App/);
  assert.ok(fs.existsSync(path.join(target, 'backend', 'orchestrator', 'templates.py')));
  assert.deepEqual(leftovers(work), []);
});

test('an empty existing directory is used', () => {
  const work = tempDir();
  fs.mkdirSync(path.join(work, 'empty-app'));
  assert.equal(runCli(cli, ['empty-app', '--no-input'], { cwd: work }).status, 0);
  assert.ok(fs.existsSync(path.join(work, 'empty-app', 'Makefile')));
});

test('--config and --set combine, --set wins, and values are typed by the schema', () => {
  const work = tempDir();
  const file = path.join(work, 'answers.json');
  fs.writeFileSync(file, JSON.stringify({ app_name: 'from-file', agents: 'lead, scout', observability: true, vectors: 'opensearch' }));
  const result = runCli(
    cli,
    ['proj', '--config', file, '--set', 'observability=false', '--set', 'agents=lead,scout,scribe', '--set', 'auth_provider=cognito'],
    { cwd: work },
  );
  assert.equal(result.status, 0, result.stderr);
  const { config } = JSON.parse(fs.readFileSync(path.join(work, 'proj', '.create-agent-app.json')));
  assert.equal(config.app_name, 'from-file');
  assert.equal(config.observability, false);
  assert.equal(config.vectors, 'opensearch');
  assert.equal(config.auth_provider, 'cognito');
  assert.deepEqual(
    config.agents.map((a) => a.name),
    ['lead', 'scout', 'scribe'],
  );
});

test('a saved .create-agent-app.json regenerates the identical project', () => {
  const work = tempDir();
  assert.equal(runCli(cli, ['first', '--no-input', '--set', 'agents=a_one,b_two', '--set', 'app_description=Hi "there"'], { cwd: work }).status, 0);
  const saved = path.join(work, 'first', '.create-agent-app.json');
  assert.equal(runCli(cli, ['second', '--config', saved], { cwd: work }).status, 0);
  assert.deepEqual(readTree(path.join(work, 'second')), readTree(path.join(work, 'first')));
});

test('invalid answers list every problem, exit 1 and write nothing', () => {
  const work = tempDir();
  const result = runCli(cli, ['bad', '--no-input', '--set', 'app_name=Bad App', '--set', 'agents=lead,class', '--set', 'observability=maybe'], { cwd: work });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /app_name: "Bad App" is not a valid app name.*e\.g\. "bad-app"/);
  assert.match(result.stderr, /agents\[1\]\.name: "class" is a Python keyword/);
  assert.match(result.stderr, /observability: .*expected a boolean/);
  assert.match(result.stderr, /Nothing was written/);
  assert.deepEqual(fs.readdirSync(work), []);
});

test('a target that exists as a file is refused, even with --force, leaving it as it was', () => {
  const work = tempDir();
  fs.writeFileSync(path.join(work, 'clash'), 'a file');
  const result = runCli(cli, ['clash', '--no-input', '--force'], { cwd: work });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /clash exists and is not a directory — choose another directory/);
  assert.deepEqual(fs.readdirSync(work), ['clash']);
  assert.equal(fs.readFileSync(path.join(work, 'clash'), 'utf8'), 'a file');
});

test('usage errors: bad flags, bad --set, missing or broken --config', () => {
  const work = tempDir();
  const cases = [
    [['--bogus'], /Unknown option '--bogus'/],
    [['--set', 'novalue', '--no-input'], /--set expects key=value/],
    [['--config', 'missing.json'], /cannot read --config missing.json: no such file/],
    [['a', 'b'], /expected at most one directory/],
  ];
  fs.writeFileSync(path.join(work, 'broken.json'), '{ nope');
  cases.push([['--config', 'broken.json'], /--config broken.json is not valid JSON/]);
  fs.writeFileSync(path.join(work, 'list.json'), '[1]');
  cases.push([['--config', 'list.json'], /must hold a JSON object/]);
  for (const [args, pattern] of cases) {
    const result = runCli(cli, args, { cwd: work });
    assert.equal(result.status, 2, args.join(' '));
    assert.match(result.stderr, pattern);
  }
  assert.deepEqual(fs.readdirSync(work).sort(), ['broken.json', 'list.json']);
});

test('--help and --version', () => {
  const help = runCli(cli, ['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /Usage: create-agent-app \[dir\]/);
  assert.match(help.stdout, /--no-input/);
  assert.match(help.stdout, /Fields: app_name, app_description/);
  const version = runCli(cli, ['--version']);
  assert.equal(version.stdout.trim(), api.version);
  assert.match(api.version, /^\d+\.\d+\.\d+$/);
});
