// The CLI against hostile or unlucky inputs: symlinks in the target, signals while
// writing, odd targets and odd --config files. Each must end in one clear error line (or
// a correct project), a non-zero exit, nothing written outside the target and nothing
// left behind.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { installPackage, runCli, tempDir } from './helpers.mjs';

const { api, cli } = installPackage();
const project = api.files({ app_name: 'busy' }); // what `busy --no-input` generates
const generated = (rel) => Buffer.from(project.find((f) => f.path === rel).contents);

/** Everything below `dir`, symlinks not followed: {rel: "file <mode> <hex>" | "dir <mode>" | "link -> x"}. */
function snapshot(dir) {
  const out = {};
  const walk = (rel) => {
    for (const name of fs.readdirSync(path.join(dir, rel)).sort()) {
      const sub = rel ? `${rel}/${name}` : name;
      const full = path.join(dir, sub);
      const st = fs.lstatSync(full);
      const mode = (st.mode & 0o7777).toString(8);
      if (st.isSymbolicLink()) out[sub] = `link -> ${fs.readlinkSync(full)}`;
      else if (st.isDirectory()) {
        out[sub] = `dir ${mode}`;
        walk(sub);
      } else out[sub] = `file ${mode} ${fs.readFileSync(full).toString('hex')}`;
    }
  };
  walk('');
  return out;
}

/** A non-empty project directory a user might --force into. */
function userProject(work, name = 'busy') {
  const target = path.join(work, name);
  fs.mkdirSync(path.join(target, 'backend'), { recursive: true });
  fs.writeFileSync(path.join(target, 'README.md'), 'my old readme');
  fs.writeFileSync(path.join(target, 'Makefile'), 'old:\n\ttrue\n');
  fs.writeFileSync(path.join(target, 'notes.txt'), 'mine');
  fs.writeFileSync(path.join(target, 'backend', 'notes.py'), 'x = 1\n');
  fs.chmodSync(path.join(target, 'Makefile'), 0o600);
  return target;
}

/** Runs the CLI with CREATE_AGENT_APP_TEST_PAUSE=point, sends `signal` once it reports the
 * pause (calling `atPause` first), and resolves to {code, stderr, paused}. */
function interrupt(args, cwd, point, signal, atPause = () => {}) {
  return new Promise((resolve) => {
    const child = spawn(cli, args, {
      cwd,
      env: { ...process.env, CREATE_AGENT_APP_TEST_PAUSE: point },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let paused = false;
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (!paused && stderr.includes(`paused at ${point}`)) {
        paused = true;
        atPause();
        child.kill(signal);
      }
    });
    child.on('close', (code) => resolve({ code, stderr, paused }));
  });
}

test('--force never writes through a symlink in the target: the link is replaced, outside is unchanged', () => {
  const work = tempDir();
  const outside = tempDir('caa-outside-');
  fs.mkdirSync(path.join(outside, 'dir'));
  fs.writeFileSync(path.join(outside, 'dir', 'keep.txt'), 'outside');
  fs.writeFileSync(path.join(outside, 'secret.md'), 'outside secret');
  const before = snapshot(outside);

  const target = userProject(work);
  const topDir = project.find((f) => f.path.startsWith('terraform/')) ? 'terraform' : 'guides';
  fs.symlinkSync(path.join(outside, 'dir'), path.join(target, topDir)); // a directory link
  fs.symlinkSync(path.join(outside, 'dir'), path.join(target, 'backend', 'orchestrator')); // one deeper
  fs.rmSync(path.join(target, 'README.md'));
  fs.symlinkSync(path.join(outside, 'secret.md'), path.join(target, 'README.md')); // a file link
  fs.symlinkSync('/nonexistent/caa', path.join(target, '.gitignore')); // a dangling one

  const result = runCli(cli, ['busy', '--no-input', '--force'], { cwd: work });
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(snapshot(outside), before, 'nothing outside the project changed');
  for (const rel of [topDir, 'backend/orchestrator']) {
    assert.ok(fs.lstatSync(path.join(target, rel)).isDirectory(), `${rel} is a real directory now`);
  }
  assert.ok(fs.existsSync(path.join(target, 'backend', 'orchestrator', 'templates.py')));
  for (const rel of ['README.md', '.gitignore']) {
    assert.ok(fs.lstatSync(path.join(target, rel)).isFile(), `${rel} is a real file now`);
    assert.deepEqual(fs.readFileSync(path.join(target, rel)), generated(rel));
  }
  assert.equal(fs.readFileSync(path.join(target, 'backend', 'notes.py'), 'utf8'), 'x = 1\n');
  assert.deepEqual(fs.readdirSync(work), ['busy']);
});

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
]) {
  test(`${signal} while staging a new project leaves nothing behind (exit ${code})`, async () => {
    const work = tempDir();
    const result = await interrupt(['fresh', '--no-input'], work, 'staging', signal, () => {
      assert.equal(fs.readdirSync(work).filter((n) => n.includes('.partial-')).length, 1, 'it was staging');
    });
    assert.ok(result.paused, result.stderr);
    assert.equal(result.code, code, result.stderr);
    assert.match(result.stderr, new RegExp(`interrupted \\(${signal}\\)\\. Nothing was written\\.`));
    assert.deepEqual(fs.readdirSync(work), []);
  });

  test(`${signal} halfway through a --force merge restores the target byte for byte (exit ${code})`, async () => {
    const work = tempDir();
    const target = userProject(work);
    fs.symlinkSync('notes.txt', path.join(target, 'Dockerfile'));
    const before = snapshot(target);
    let during;
    const result = await interrupt(['busy', '--no-input', '--force'], work, 'merge', signal, () => {
      during = snapshot(target);
    });
    assert.ok(result.paused, result.stderr);
    assert.notDeepEqual(during, before, 'the signal came while the target was half merged');
    assert.notEqual(during['README.md'], before['README.md'], 'a replaced file was in place');
    assert.equal(result.code, code, result.stderr);
    assert.match(result.stderr, /Nothing was written\. .*busy is as it was\./);
    assert.deepEqual(snapshot(target), before);
    assert.deepEqual(fs.readdirSync(work), ['busy']);
  });
}

test('an existing empty directory is written into, keeping its mode and inode', () => {
  const work = tempDir();
  const target = path.join(work, 'kept');
  fs.mkdirSync(target);
  fs.chmodSync(target, 0o750);
  const { ino } = fs.statSync(target);
  const result = runCli(cli, ['kept', '--no-input'], { cwd: work });
  assert.equal(result.status, 0, result.stderr);
  const after = fs.statSync(target);
  assert.equal(after.mode & 0o777, 0o750);
  assert.equal(after.ino, ino);
  assert.ok(fs.existsSync(path.join(target, 'Makefile')));
  assert.deepEqual(fs.readdirSync(work), ['kept']);
});

test('a target that is a symlink writes into the directory it names; a dangling one is refused', () => {
  const work = tempDir();
  fs.mkdirSync(path.join(work, 'real'));
  fs.symlinkSync('real', path.join(work, 'link'));
  const result = runCli(cli, ['link', '--no-input'], { cwd: work });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(fs.readlinkSync(path.join(work, 'link')), 'real');
  assert.ok(fs.existsSync(path.join(work, 'real', 'Makefile')));

  fs.symlinkSync('nowhere', path.join(work, 'dangling'));
  const dangling = runCli(cli, ['dangling', '--no-input'], { cwd: work });
  assert.equal(dangling.status, 2);
  assert.match(dangling.stderr, /dangling is a symlink to a path that does not exist — remove it or choose another directory/);
  assert.deepEqual(fs.readdirSync(work).sort(), ['dangling', 'link', 'real']);
});

test('a directory where the project has a file is refused under --force, before anything moves', () => {
  const work = tempDir();
  const target = userProject(work);
  fs.rmSync(path.join(target, 'README.md'));
  fs.mkdirSync(path.join(target, 'README.md'));
  fs.writeFileSync(path.join(target, 'README.md', 'chapter.md'), 'mine');
  const before = snapshot(target);
  const result = runCli(cli, ['busy', '--no-input', '--force'], { cwd: work });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /busy\/README\.md is a directory, but the project has a file there — move it away/);
  assert.deepEqual(snapshot(target), before);
  assert.deepEqual(fs.readdirSync(work), ['busy']);
});

test('a target that is a file, or below a file, is refused with the path named', () => {
  const work = tempDir();
  fs.writeFileSync(path.join(work, 'afile'), 'a file');
  for (const [args, pattern] of [
    [['afile', '--no-input'], /afile exists and is not a directory — choose another directory/],
    [['afile', '--no-input', '--force'], /afile exists and is not a directory/],
    [['afile/app', '--no-input'], /cannot create .*afile\/app: .*afile is a file, not a directory/],
    [['afile/deeper/app', '--no-input'], /cannot create .*afile\/deeper\/app: .*afile is a file/],
  ]) {
    const result = runCli(cli, args, { cwd: work });
    assert.equal(result.status, 2, args.join(' '));
    assert.match(result.stderr, pattern);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  }
  assert.deepEqual(fs.readdirSync(work), ['afile']);
  assert.equal(fs.readFileSync(path.join(work, 'afile'), 'utf8'), 'a file');
});

test('a missing parent is created, and removed again when the run is interrupted', async () => {
  const work = tempDir();
  const ok = runCli(cli, ['a/b/app', '--no-input'], { cwd: work });
  assert.equal(ok.status, 0, ok.stderr);
  assert.ok(fs.existsSync(path.join(work, 'a', 'b', 'app', 'Makefile')));
  const result = await interrupt(['x/y/app', '--no-input'], work, 'staging', 'SIGTERM');
  assert.ok(result.paused, result.stderr);
  assert.equal(result.code, 143, result.stderr);
  assert.deepEqual(fs.readdirSync(work), ['a']);
});

test('a parent without write permission: one clear line, nothing left', () => {
  const work = tempDir();
  const locked = path.join(work, 'locked');
  fs.mkdirSync(locked);
  fs.chmodSync(locked, 0o555);
  // Root may write anywhere, so as root the CLI runs as nobody (it must be able to read
  // the installed package and enter the work dir).
  const asNobody = process.getuid() === 0 ? { uid: 65534, gid: 65534 } : {};
  if (asNobody.uid !== undefined) {
    fs.chmodSync(work, 0o755);
    fs.chmodSync(path.resolve(path.dirname(cli), '..', '..'), 0o755);
  }
  const result = runCli(cli, ['locked/app', '--no-input'], { cwd: work, ...asNobody });
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stderr, /cannot write .*locked\/app: permission denied — choose a directory you can write to/);
  assert.deepEqual(fs.readdirSync(locked), []);
});

test('--set with an unknown field says which one was meant', () => {
  const work = tempDir();
  for (const [assignment, pattern] of [
    ['app_nme=x', /--set app_nme: no such field — did you mean app_name\?/],
    ['agent=a,b', /--set agent: no such field — did you mean agents\?/],
    ['zzzzzzzz=1', /--set zzzzzzzz: no such field — the fields are app_name, /],
  ]) {
    const result = runCli(cli, ['app', '--no-input', '--set', assignment], { cwd: work });
    assert.equal(result.status, 2, assignment);
    assert.match(result.stderr, pattern);
  }
  assert.deepEqual(fs.readdirSync(work), []);
});

test('--config: devices and huge files are refused without reading them whole', () => {
  const work = tempDir();
  const zero = runCli(cli, ['app', '--config', '/dev/zero'], { cwd: work, timeout: 20000 });
  assert.equal(zero.status, 2, `status ${zero.status}: ${zero.stderr}`);
  assert.match(zero.stderr, /--config \/dev\/zero is a device or socket, not a file — pass a JSON file/);

  const big = path.join(work, 'big.json');
  fs.writeFileSync(big, `{"app_name": "big-app", "app_description": "${'x'.repeat(1024 * 1024)}"}`);
  const huge = runCli(cli, ['app', '--config', 'big.json'], { cwd: work, timeout: 20000 });
  assert.equal(huge.status, 2);
  assert.match(huge.stderr, /--config big\.json is larger than 1 MiB/);

  // A pipe (process substitution) is read, under the same cap.
  const endless = spawnSync('bash', ['-c', `"${cli}" app --config <(cat /dev/zero)`], {
    cwd: work,
    encoding: 'utf8',
    timeout: 20000,
  });
  assert.equal(endless.status, 2, endless.stderr);
  assert.match(endless.stderr, /--config \/dev\/fd\/\d+ is larger than 1 MiB/);
  const piped = spawnSync('bash', ['-c', `"${cli}" app --config <(echo '{"app_name": "piped-app"}')`], {
    cwd: work,
    encoding: 'utf8',
    timeout: 20000,
  });
  assert.equal(piped.status, 0, piped.stderr);
  assert.equal(JSON.parse(fs.readFileSync(path.join(work, 'app', '.create-agent-app.json'))).config.app_name, 'piped-app');
  assert.deepEqual(fs.readdirSync(work).sort(), ['app', 'big.json']);
});

test('--config with a UTF-8 byte order mark is read', () => {
  const work = tempDir();
  fs.writeFileSync(path.join(work, 'bom.json'), '\uFEFF{"app_name": "bom-app"}\n');
  const result = runCli(cli, ['--config', 'bom.json'], { cwd: work });
  assert.equal(result.status, 0, result.stderr);
  assert.ok(fs.existsSync(path.join(work, 'bom-app', 'Makefile')));
});

test('--config mistakes: each one clear line, exit 2, nothing written', () => {
  const work = tempDir();
  fs.mkdirSync(path.join(work, 'adir'));
  fs.writeFileSync(path.join(work, 'broken.json'), '{\n  "app_name": "x",\n  nope\n}');
  fs.writeFileSync(path.join(work, 'list.json'), '[1, 2]');
  fs.writeFileSync(path.join(work, 'null.json'), 'null');
  fs.writeFileSync(path.join(work, 'text.json'), '"my-app"');
  fs.writeFileSync(path.join(work, 'empty.json'), '');
  const cases = [
    ['adir', /--config adir is a directory — pass a JSON file/],
    ['missing.json', /cannot read --config missing\.json: no such file/],
    ['broken.json', /--config broken\.json is not valid JSON: .* \(line 3, column 3\)/],
    ['list.json', /--config list\.json holds an array; it must hold a JSON object of answers, e\.g\. \{"app_name": "my-app"\}/],
    ['null.json', /--config null\.json holds null; it must hold a JSON object/],
    ['text.json', /--config text\.json holds a string; it must hold a JSON object/],
    ['empty.json', /--config empty\.json is not valid JSON: Unexpected end of JSON input/],
  ];
  const before = fs.readdirSync(work).sort();
  for (const [file, pattern] of cases) {
    const result = runCli(cli, ['app', '--config', file], { cwd: work });
    assert.equal(result.status, 2, file);
    assert.match(result.stderr, pattern);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  }
  assert.deepEqual(fs.readdirSync(work).sort(), before);
});
