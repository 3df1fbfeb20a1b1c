// The generator page and docs site in headless Chromium (Debian's, driven by playwright-core),
// served from www/dist by a static server on 127.0.0.1.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { spawnSync } from 'node:child_process';

import { ROOT, installPackage, readTree, tempDir } from './helpers.mjs';

const { chromium } = await import(path.join(ROOT, 'www', 'node_modules', 'playwright-core', 'index.mjs'));
const { api, cli } = installPackage();
const DIST = path.join(ROOT, 'www', 'dist');
const ARTIFACTS = path.join(ROOT, 'pkg-tests', 'artifacts');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };

let server;
let origin;
let browser;

before(async () => {
  assert.ok(fs.existsSync(path.join(DIST, 'index.html')), 'www/dist is missing: run make www');
  server = http.createServer((req, res) => {
    const file = path.join(DIST, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!file.startsWith(DIST) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** A page with its console errors and off-origin requests recorded; `prepare(page)` runs
 * before it loads. */
async function open(url, viewport = { width: 1400, height: 1000 }, prepare = async () => {}) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  await prepare(page);
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (!['data:', 'blob:'].includes(u.protocol) && u.origin !== origin) problems.push(`off-origin request: ${r.url()}`);
  });
  await page.goto(`${origin}/${url}`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 20_000 });
  return { page, problems, close: () => context.close() };
}

const configOf = (page) => {
  const raw = new URLSearchParams(new URL(page.url()).hash.slice(1)).get('config');
  return { ...api.defaults(), ...(raw ? JSON.parse(raw) : {}) };
};

test('the page loads with no console error and no request outside its origin', async () => {
  const { page, problems, close } = await open('index.html');
  await page.waitForSelector('#tree [data-path="README.md"]');
  assert.match(await page.textContent('#preview'), /# My Agent App/);
  assert.equal(await page.isDisabled('#download'), false);
  await page.screenshot({ path: path.join(ARTIFACTS, 'generator.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await close();
});

test('an invalid app name shows its error beside the field and disables download', async () => {
  const { page, problems, close } = await open('index.html');
  await page.fill('#field-app_name', 'Bad Name');
  await page.waitForSelector('#error-app_name:not([hidden])');
  assert.match(await page.textContent('#error-app_name'), /"Bad Name" is not a valid app name.*"bad-name"/);
  assert.equal(await page.getAttribute('#field-app_name', 'aria-invalid'), 'true');
  assert.equal(await page.isDisabled('#download'), true);
  // The error sits inside the app name's own field block, described by the input.
  assert.ok(await page.$eval('#error-app_name', (e) => e.closest('.field').contains(document.getElementById('field-app_name'))));
  assert.match(await page.getAttribute('#field-app_name', 'aria-describedby'), /error-app_name/);
  await page.fill('#field-app_name', 'good-name');
  await page.waitForSelector('#error-app_name[hidden]', { state: 'attached' });
  assert.equal(await page.isDisabled('#download'), false);
  // An agent error lands on that agent's row.
  await page.fill('#field-agents-1-name', 'class');
  await page.waitForSelector('#error-agents-1-name:not([hidden])');
  assert.match(await page.textContent('#error-agents-1-name'), /Python keyword/);
  assert.deepEqual(problems, []);
  await close();
});

test('a valid config downloads a zip byte-identical to Node generate()', async () => {
  const { page, problems, close } = await open('index.html');
  await page.fill('#field-app_name', 'web-built');
  await page.selectOption('#field-auth_provider', 'cognito');
  await page.click('button.add');
  await page.fill('#field-agents-3-name', 'scribe');
  await page.fill('#field-agents-3-description', 'Writes "it" <all> down');
  await page.waitForFunction(() => location.hash.includes('cognito') && location.hash.includes('scribe'));
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  assert.equal(download.suggestedFilename(), 'web-built.zip');
  const bytes = fs.readFileSync(await download.path());
  const config = configOf(page);
  assert.equal(config.auth_provider, 'cognito');
  assert.deepEqual(new Uint8Array(bytes), api.generate(config));
  assert.deepEqual(problems, []);
  await close();
});

test('the URL reproduces the config, and the CLI command matches it', async () => {
  const first = await open('index.html');
  await first.page.fill('#field-app_name', 'linked-app');
  await first.page.selectOption('#field-vectors', 's3-vectors');
  await first.page.fill('#field-agents-2-name', 'editor');
  await first.page.waitForFunction(() => location.hash.includes('editor'));
  const url = first.page.url();
  const command = await first.page.inputValue('#command');
  assert.match(command, /^npx create-agent-app linked-app --set 'agents=\[.*"editor".*\]' --set vectors=s3-vectors$/);
  // Running the copied command writes exactly the project the page would download.
  const work = tempDir();
  const run = spawnSync('bash', ['-c', `${command.replace('npx create-agent-app', JSON.stringify(cli))} --no-input`], { cwd: work, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const expected = Object.fromEntries(api.files(configOf(first.page)).map((f) => [f.path, Buffer.from(f.contents)]));
  assert.deepEqual(readTree(path.join(work, 'linked-app')).files, expected);
  const second = await open(url.slice(origin.length + 1));
  assert.equal(await second.page.inputValue('#field-app_name'), 'linked-app');
  assert.equal(await second.page.inputValue('#field-vectors'), 's3-vectors');
  assert.equal(await second.page.inputValue('#field-agents-2-name'), 'editor');
  assert.equal(await second.page.inputValue('#command'), command);
  assert.equal(await second.page.isVisible('#field-embeddings'), true, 'embeddings shows once a vector store is chosen');
  assert.deepEqual([...first.problems, ...second.problems], []);
  await first.close();
  await second.close();
});

test('keyboard: a file in the tree opens in the preview with Enter', async () => {
  const { page, problems, close } = await open('index.html');
  await page.focus('[data-path="backend/database/migrations/001_schema.sql"]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('.preview-path')?.textContent.endsWith('001_schema.sql'));
  assert.match(await page.textContent('#preview code'), /CREATE TABLE IF NOT EXISTS jobs/);
  assert.ok(await page.$('#preview code .hljs-keyword'), 'the SQL is highlighted');
  const unlabelled = await page.$$eval('input, select, textarea', (nodes) =>
    nodes.filter((n) => !n.labels?.length && !n.getAttribute('aria-label')).map((n) => n.id || n.name),
  );
  assert.deepEqual(unlabelled, []);
  assert.deepEqual(problems, []);
  await close();
});

test('on a phone the page fits the screen', async () => {
  const { page, problems, close } = await open('index.html', { width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  assert.deepEqual(problems, []);
  await close();
});

test('a docs guide changes when the agents change', async () => {
  const { page, problems, close } = await open('docs.html?page=6_agents');
  await page.waitForSelector('#doc h1');
  assert.match(await page.textContent('#doc h1'), /6\. Agents/);
  assert.doesNotMatch(await page.textContent('#doc'), /reviewer/);
  await page.click('.widget button.add');
  await page.fill('#field-agents-3-name', 'reviewer');
  await page.waitForFunction(() => [...document.querySelectorAll('#doc h3')].some((h) => h.textContent.includes('reviewer')));
  assert.match(await page.textContent('#doc'), /my-agent-app-reviewer/);
  await page.click('#toc a[data-page="options"]');
  await page.waitForSelector('#doc table');
  assert.match(await page.textContent('#doc table'), /lambda_architecture/);
  await page.click('#toc a[data-page="6_agents"]');
  await page.screenshot({ path: path.join(ARTIFACTS, 'docs.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await close();
});

test('a trap in the core switches the page to a fresh instance instead of poisoning it', async () => {
  // The glue the page loads first traps once window.poisoned is set, from then on, as a
  // broken instance would; fresh copies (loaded with ?instance=N) are served as built.
  const poison = async (page) => {
    await page.route(`${origin}/wasm/create_agent_app.js`, async (route) => {
      const glue = fs.readFileSync(path.join(DIST, 'wasm', 'create_agent_app.js'), 'utf8');
      const trapping = glue.replace(
        /^export function (\w+)\(([^)]*)\) \{$/gm,
        "export function $1($2) {\n    if (globalThis.poisoned) throw new WebAssembly.RuntimeError('unreachable');",
      );
      assert.notEqual(trapping, glue);
      await route.fulfill({ contentType: 'text/javascript', body: trapping });
    });
  };
  const { page, problems, close } = await open('index.html', undefined, poison);
  const outcome = await page.evaluate(async () => {
    const { loadCore } = await import('./src/core.js');
    const core = await loadCore();
    const before = core.generate({ app_name: 'after-trap' }).length;
    globalThis.poisoned = true;
    let trap;
    try {
      core.generate({ app_name: 'after-trap' });
    } catch (error) {
      trap = { name: error.name, message: error.message, fields: error.fields.length };
    }
    return {
      before,
      trap,
      after: core.generate({ app_name: 'after-trap' }).length,
      errors: core.validate({ app_name: 'Bad Name' }).map((e) => e.field),
    };
  });
  assert.equal(outcome.trap.name, 'GeneratorError');
  assert.match(outcome.trap.message, /unreachable.*please report it/);
  assert.equal(outcome.trap.fields, 1);
  assert.equal(outcome.after, outcome.before, 'the fresh instance generates the same project');
  assert.deepEqual(outcome.errors, ['app_name']);
  // The form keeps working on the fresh instance.
  await page.fill('#field-app_name', 'still-works');
  await page.waitForFunction(() => location.hash.includes('still-works'));
  assert.equal(await page.isDisabled('#download'), false);
  assert.deepEqual(problems, []);
  await close();
});

/** The inline diagram's agent names, whether it parses as XML, and its markup. */
const diagramOf = (page, selector) =>
  page.$eval(selector, (svg) => {
    const markup = svg.outerHTML;
    const parsed = new DOMParser().parseFromString(new XMLSerializer().serializeToString(svg), 'image/svg+xml');
    return {
      markup,
      xml: !parsed.querySelector('parsererror') && parsed.documentElement.localName === 'svg',
      role: svg.getAttribute('role'),
      title: svg.querySelector('title')?.textContent,
      texts: [...svg.querySelectorAll('text')].map((t) => t.textContent),
      width: svg.getBoundingClientRect().width,
    };
  });

test('the architecture diagram draws the configured agents and follows the form', async () => {
  const { page, problems, close } = await open('index.html');
  await page.waitForSelector('#diagram svg');
  assert.equal(await page.isVisible('#diagram svg'), true);
  const first = await diagramOf(page, '#diagram svg');
  assert.ok(first.xml, 'the SVG parses as XML');
  assert.equal(first.role, 'img');
  assert.match(first.title, /Architecture of My Agent App/);
  for (const name of ['orchestrator', 'researcher', 'writer']) assert.ok(first.texts.includes(name), name);
  assert.ok(first.width > 800, `drawn ${first.width}px wide at desktop width`);
  assert.ok(first.markup.includes('role="img"') && api.diagram(configOf(page)).includes('>researcher</text>'), 'the Node API draws the same config');
  await page.screenshot({ path: path.join(ARTIFACTS, 'diagram-generator-desktop.png'), fullPage: true });
  // Adding an agent draws it.
  await page.click('button.add');
  await page.fill('#field-agents-3-name', 'critic');
  await page.waitForFunction(() => [...document.querySelectorAll('#diagram svg text')].some((t) => t.textContent === 'critic'));
  // Choosing a vector store draws the knowledge base.
  assert.ok(!(await diagramOf(page, '#diagram svg')).texts.includes('Knowledge base'));
  await page.selectOption('#field-vectors', 'opensearch');
  await page.waitForFunction(() => document.querySelector('#diagram svg')?.textContent.includes('OpenSearch Serverless'));
  const after = await diagramOf(page, '#diagram svg');
  assert.ok(after.xml);
  assert.ok(after.texts.includes('Knowledge base') && after.texts.includes('critic'));
  await page.selectOption('#field-vectors', 's3-vectors');
  await page.waitForFunction(() => document.querySelector('#diagram svg')?.textContent.includes('S3 Vectors'));
  assert.deepEqual(problems, []);
  await close();
});

test('the diagram is in the docs and fits a phone, and screenshots are saved', async () => {
  const shots = [
    ['index.html', { width: 390, height: 844 }, 'diagram-generator-phone.png', '#diagram svg'],
    ['docs.html?page=architecture', { width: 1400, height: 1000 }, 'diagram-docs-desktop.png', '#doc .diagram svg'],
    ['docs.html?page=architecture', { width: 390, height: 844 }, 'diagram-docs-phone.png', '#doc .diagram svg'],
  ];
  for (const [url, viewport, file, selector] of shots) {
    const { page, problems, close } = await open(url, viewport);
    await page.waitForSelector(selector);
    const drawn = await diagramOf(page, selector);
    assert.ok(drawn.xml && drawn.texts.includes('researcher'), `${url} at ${viewport.width}px`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${url} is ${overflow}px wider than the screen`);
    await page.$eval(selector, (svg) => svg.scrollIntoView());
    await page.screenshot({ path: path.join(ARTIFACTS, file), fullPage: viewport.width > 500 });
    assert.deepEqual(problems, [], url);
    await close();
  }
});

// ---- Update a project ---------------------------------------------------------------

const ANSWERS = '.create-agent-app.json';

/** Runs the installed CLI; fails the test with its output unless it exits 0. */
function runCli(args, cwd) {
  const run = spawnSync(cli, args, { cwd, encoding: 'utf8', input: '' });
  assert.equal(run.status, 0, `create-agent-app ${args.join(' ')}\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

/** A project made by the CLI (no git) in a fresh temp dir: its path. */
function cliProject(appName) {
  const work = tempDir();
  const dir = path.join(work, appName);
  runCli([dir, '--no-input', '--set', `app_name=${appName}`, '--no-git'], work);
  return dir;
}

/** A zip's files as {path: Buffer} and the set of executable paths (root folder stripped). */
function zipTree(bytes) {
  const files = {};
  const executable = new Set();
  for (const f of api.unzip(new Uint8Array(bytes))) {
    files[f.path] = Buffer.from(f.contents);
    if (f.executable) executable.add(f.path);
  }
  return { files, executable };
}

/** A directory's files as readTree gives them, without .git. */
function diskTree(dir) {
  const { files, executable } = readTree(dir);
  const kept = (p) => p !== '.git' && !p.startsWith('.git/');
  return { files: Object.fromEntries(Object.entries(files).filter(([p]) => kept(p))), executable: new Set([...executable].filter(kept)) };
}

/** Opens the page in "Update a project" mode (reached with the keyboard) and uploads `file`. */
async function openUpdate(file) {
  const opened = await open('index.html');
  const { page } = opened;
  assert.equal(await page.isVisible('#update-panel'), false, 'the update mode is closed until chosen');
  await page.getByRole('tab', { name: 'New project' }).focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getByRole('tab', { name: 'Update a project' }).getAttribute('aria-selected'), 'true');
  assert.equal(await page.getByRole('tabpanel', { name: 'Update a project' }).isVisible(), true);
  if (file) await page.getByLabel(/create-agent-app\.json or \.zip/).setInputFiles(file);
  return opened;
}

const downloadUpdate = async (page) => {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download updated .zip' }).click()]);
  return { name: download.suggestedFilename(), bytes: fs.readFileSync(await download.path()) };
};

test('update mode: an answers file plus an agent downloads what `add-agent` writes', async () => {
  const dir = cliProject('upd-app');
  const answers = path.join(tempDir(), ANSWERS);
  fs.copyFileSync(path.join(dir, ANSWERS), answers);
  const recorded = api.readAnswers(fs.readFileSync(answers));

  const { page, problems, close } = await openUpdate(answers);
  await page.waitForSelector('#update-info:not([hidden])');
  assert.match(await page.textContent('#update-source'), /answers recorded by create-agent-app \d+\.\d+\.\d+/);
  // The form holds the recorded answers.
  assert.equal(await page.inputValue('#field-app_name'), 'upd-app');
  assert.equal(await page.getByLabel('Agent 3 name').inputValue(), 'writer');
  await page.getByRole('button', { name: '+ Add agent' }).click();
  await page.getByLabel('Agent 4 name').fill('auditor');
  const added = page.getByRole('list', { name: 'Planned changes' }).getByRole('button', { name: 'added backend/auditor/agent.py' });
  await added.waitFor();
  assert.match(await page.getByRole('status').filter({ hasText: 'files after the update' }).textContent(), /\b0 conflicts\b/);
  assert.match(await page.textContent('#update-base'), /create-agent-app/);
  // Choosing a file shows its diff.
  await added.click();
  await page.waitForFunction(() => document.querySelector('#diff h3')?.textContent.includes('backend/auditor/agent.py'));
  assert.match(await page.getByLabel('Changes to backend/auditor/agent.py').textContent(), /^@@ -0,0 \+1,\d+ @@\n\+/);
  await page.getByRole('button', { name: 'updated README.md' }).click();
  const readme = await page.getByLabel('Changes to README.md').textContent();
  assert.match(readme, /\n-its worker agents \(`researcher`, `writer`\);\n\+its worker agents \(`researcher`, `writer`, `auditor`\);\n/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'update-answers.png'), fullPage: true });

  const { name, bytes } = await downloadUpdate(page);
  assert.equal(name, 'upd-app.zip');
  const downloaded = zipTree(bytes);
  // What the core makes for the answers with the agent added …
  const expected = api.files(api.addAgent(recorded.config, { name: 'auditor' }));
  assert.deepEqual(downloaded.files, Object.fromEntries(expected.map((f) => [f.path, Buffer.from(f.contents)])));
  assert.deepEqual(downloaded.executable, new Set(expected.filter((f) => f.executable).map((f) => f.path)));
  // … and what the CLI writes into the project: path, bytes and run bit.
  runCli(['add-agent', 'auditor', '--dir', dir], path.dirname(dir));
  const disk = diskTree(dir);
  assert.deepEqual(Object.keys(downloaded.files).sort(), Object.keys(disk.files).sort());
  assert.deepEqual(downloaded.files, disk.files);
  assert.deepEqual(downloaded.executable, disk.executable);
  assert.deepEqual(problems, []);
  await close();
});

test('update mode: a zip with your edits merges them, lists the conflict, and keeps your lines', async () => {
  const dir = cliProject('edited-app');
  const edit = (rel, fn) => fs.writeFileSync(path.join(dir, rel), fn(fs.readFileSync(path.join(dir, rel), 'utf8')));
  // An edit far from what the update changes (merges cleanly) …
  edit('README.md', (t) => `${t}\n## Our notes\n\nKept by the merge.\n`);
  // … and one on the very lines the update changes (a conflict).
  edit('backend/orchestrator/templates.py', (t) => t.replace(/\n}\nWORKER_LIST/, '\n    "reviewer": "Checks the draft",\n}\nWORKER_LIST'));
  assert.match(fs.readFileSync(path.join(dir, 'backend/orchestrator/templates.py'), 'utf8'), /"reviewer"/);
  // Zipped as a user would (python's zipfile: directory entries, unix modes), with the project folder as root.
  const zipFile = path.join(tempDir(), 'edited-app.zip');
  const zipped = spawnSync('python3', ['-c', `
import os, sys, zipfile
root, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
    for base, dirs, files in os.walk(root):
        dirs.sort()
        z.write(base, os.path.relpath(base, os.path.dirname(root)))
        for name in sorted(files):
            full = os.path.join(base, name)
            z.write(full, os.path.relpath(full, os.path.dirname(root)))
`, dir, zipFile], { encoding: 'utf8' });
  assert.equal(zipped.status, 0, zipped.stderr);

  const { page, problems, close } = await openUpdate(zipFile);
  await page.waitForSelector('#update-info:not([hidden])');
  assert.match(await page.textContent('#update-source'), /edited-app\.zip: \d+ files, made by create-agent-app/);
  await page.getByRole('button', { name: '+ Add agent' }).click();
  await page.getByLabel('Agent 4 name').fill('auditor');
  const changes = page.getByRole('list', { name: 'Planned changes' });
  await changes.getByRole('button', { name: 'added backend/auditor/agent.py' }).waitFor();
  assert.equal(await changes.getByRole('button', { name: 'merged README.md' }).count(), 1);
  const conflict = changes.getByRole('button', { name: 'conflict backend/orchestrator/templates.py' });
  assert.equal(await conflict.count(), 1);
  assert.match(await page.getByRole('status').filter({ hasText: 'files after the update' }).textContent(), /\b1 merged, 1 conflict,/);
  assert.match(await page.textContent('#update-base'), /merged line by line/);
  // The conflict is chosen first, with its reason and its markers in the preview.
  await page.waitForFunction(() => document.querySelector('#diff h3')?.textContent.includes('backend/orchestrator/templates.py'));
  assert.ok((await page.textContent('#diff .reason')).length > 10, 'the conflict says why');
  assert.match(await page.getByLabel('Changes to backend/orchestrator/templates.py').textContent(), /\+<<<<<<</);
  await page.screenshot({ path: path.join(ARTIFACTS, 'update-zip.png'), fullPage: true });

  const downloaded = zipTree((await downloadUpdate(page)).bytes);
  const readme = downloaded.files['README.md'].toString();
  assert.match(readme, /## Our notes\n\nKept by the merge\.\n$/, 'your edit stays');
  assert.match(readme, /`researcher`, `writer`, `auditor`/, 'the update is merged in');
  const templates = downloaded.files['backend/orchestrator/templates.py'].toString();
  assert.match(templates, /<<<<<<<[^]*"reviewer": "Checks the draft"[^]*=======[^]*"auditor"[^]*>>>>>>>/);
  assert.ok(downloaded.files['backend/auditor/agent.py']);
  // Every file the update leaves alone comes back as it was, run bits included.
  const before = diskTree(dir);
  const untouched = Object.keys(before.files).filter((p) => downloaded.files[p]?.equals(before.files[p]));
  assert.ok(untouched.length > 150);
  for (const p of untouched) assert.equal(downloaded.executable.has(p), before.executable.has(p), p);
  assert.ok(downloaded.executable.size > 0);
  assert.deepEqual(problems, []);
  await close();
});

test('update mode: a bad upload says what is wrong and offers no download', async () => {
  const work = tempDir();
  const write = (name, contents) => {
    fs.writeFileSync(path.join(work, name), contents);
    return path.join(work, name);
  };
  const good = write(ANSWERS, Buffer.from(api.files({ app_name: 'good-app' }).find((f) => f.path === ANSWERS).contents));
  const { page, problems, close } = await openUpdate(good);
  const download = page.getByRole('button', { name: 'Download updated .zip' });
  await download.waitFor();
  assert.equal(await download.isEnabled(), true);
  const upload = page.getByLabel(/create-agent-app\.json or \.zip/);
  const alert = page.locator('#upload-error');
  const cases = [
    [write('notes.txt', 'just some notes\n'), /^notes\.txt is not JSON, so it is not a project's \.create-agent-app\.json\. Choose the \.create-agent-app\.json at the root of your project, or the project's \.zip\.$/],
    [write('package.json', '{"name": "x"}'), /^package\.json is not the answers file create-agent-app writes \(missing field `generator`.*\. Choose the \.create-agent-app\.json/],
    [write('broken.zip', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64, 7)])), /^broken\.zip: not a zip archive this page can read \(.*\) — choose the project's \.zip\.$/],
    [write('empty.json', ''), /^empty\.json is empty\./],
    [write('other.zip', Buffer.from(api.zip('other', [{ path: 'hello.txt', contents: 'hi\n' }]))), /^other\.zip has no \.create-agent-app\.json at its root, so it is not a project create-agent-app made/],
  ];
  for (const [file, message] of cases) {
    await upload.setInputFiles(file);
    await page.waitForFunction((name) => document.querySelector('#upload-error')?.textContent.startsWith(name), path.basename(file));
    assert.equal(await alert.getAttribute('role'), 'alert');
    assert.match(await alert.textContent(), message);
    assert.equal(await upload.getAttribute('aria-invalid'), 'true');
    assert.equal(await download.isVisible(), false, `no download after ${path.basename(file)}`);
    assert.equal(await page.getByRole('list', { name: 'Planned changes' }).count(), 0);
  }
  await page.screenshot({ path: path.join(ARTIFACTS, 'update-bad-upload.png'), fullPage: true });
  // A good file again clears the message; the New project tab still downloads as before.
  await upload.setInputFiles(good);
  await page.waitForSelector('#upload-error[hidden]', { state: 'attached' });
  assert.equal(await download.isEnabled(), true);
  await page.getByRole('tab', { name: 'New project' }).click();
  assert.equal(await page.isVisible('#download'), true);
  assert.equal(await page.inputValue('#field-app_name'), 'good-app');
  assert.deepEqual(problems, []);
  await close();
});

test('update mode fits a phone, with the upload above the form', async () => {
  const answers = path.join(tempDir(), ANSWERS);
  fs.writeFileSync(answers, api.files({ app_name: 'phone-app' }).find((f) => f.path === ANSWERS).contents);
  const { page, problems, close } = await open('index.html', { width: 390, height: 844 });
  await page.getByRole('tab', { name: 'Update a project' }).click();
  const upload = page.getByLabel(/create-agent-app\.json or \.zip/);
  const top = async (locator) => (await locator.boundingBox()).y;
  assert.ok((await top(upload)) < (await top(page.locator('#field-app_name'))), 'the upload comes before the form');
  await upload.setInputFiles(answers);
  await page.getByLabel('Agent 1 name').waitFor();
  await page.waitForSelector('#update-info:not([hidden])');
  await page.getByRole('button', { name: 'Remove agent 3' }).click();
  await page.getByRole('button', { name: 'removed backend/writer/agent.py' }).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'update-phone.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await close();
});
