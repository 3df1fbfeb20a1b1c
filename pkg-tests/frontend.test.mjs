// The generated frontend: for Clerk (default) and Cognito, its own `make frontend-test`
// (type-check, lint, unit tests, static export) passes; and in a browser, against the
// generated app's local stack (API + agents in-process, local sign-in), a user starts a
// job, watches its timeline draw every agent (the workers side by side) and sees every
// agent finish, with what their model calls used; a scripted result
// renders as a table and a chart, and a failing API shows an error toast.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';

import { PYTHON, ROOT, generateProject, installPackage } from './helpers.mjs';
import { FRONTENDS } from './configs.mjs';

const { chromium } = await import(path.join(ROOT, 'www', 'node_modules', 'playwright-core', 'index.mjs'));
const { cli } = installPackage();
const ARTIFACTS = path.join(ROOT, 'pkg-tests', 'artifacts');
const env = { ...process.env, PATH: `${path.dirname(PYTHON)}:${process.env.PATH}`, NEXT_TELEMETRY_DISABLED: '1', NO_COLOR: '1' };

const generate = (config) => generateProject(cli, config);

function run(command, args, options) {
  const result = spawnSync(command, args, { env, encoding: 'utf8', ...options });
  assert.equal(result.status, 0, `${command} ${args.join(' ')}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

const projects = {};
const CONFIGS = FRONTENDS;
const AGENTS = { clerk: ['orchestrator', 'researcher', 'writer'], cognito: ['lead', 'scout', 'scribe'] };

for (const [name, config] of Object.entries(CONFIGS)) {
  test(`${name}: make frontend-test passes (type-check, lint, unit tests, static export)`, () => {
    const project = generate(config);
    projects[name] = project;
    run('make', ['frontend-setup'], { cwd: project });
    const out = run('make', ['frontend-test'], { cwd: project });
    assert.match(out, /Tests\s+\d+ passed/);
    assert.ok(fs.existsSync(path.join(project, 'frontend', 'out', 'dashboard', 'index.html')));
    const page = fs.readFileSync(path.join(project, 'frontend', 'out', 'index.html'), 'utf8');
    assert.doesNotMatch(page, /fonts\.googleapis|fonts\.gstatic/);
  });
}

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitFor(url, seconds = 60) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${seconds} s`);
}

for (const name of Object.keys(CONFIGS)) {
  test(`${name}: in a browser, a locally signed-in user starts a job and sees every agent finish`, () =>
    browserJob(name));
}

async function browserJob(name) {
  const stops = [];
  try {
    await runInBrowser(name, stops);
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

async function runInBrowser(name, stops) {
  const project = projects[name];
  assert.ok(project, `runs after the ${name} project was set up`);
  const [apiPort, webPort] = [await freePort(), await freePort()];
  const web = `http://127.0.0.1:${webPort}`;
  run('npm', ['run', 'build'], {
    cwd: path.join(project, 'frontend'),
    env: { ...env, NEXT_PUBLIC_AUTH_MODE: 'local', NEXT_PUBLIC_API_URL: `http://127.0.0.1:${apiPort}` },
  });

  // The venv's uvicorn itself (not through `uv run`), so stopping it stops the API.
  const uvicorn = path.join(project, 'backend', '.venv', 'bin', 'uvicorn');
  const api = spawn(uvicorn, ['api.main:app', '--port', String(apiPort)], {
    cwd: path.join(project, 'backend'),
    // Each model turn of the offline model takes 2 s, as a real model's would: the job
    // runs long enough to watch.
    env: { ...env, CORS_ORIGINS: web, MODEL: 'offline/2' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let apiLog = '';
  api.stdout.on('data', (chunk) => (apiLog += chunk));
  api.stderr.on('data', (chunk) => (apiLog += chunk));
  stops.push(() => api.kill());

  const out = path.join(project, 'frontend', 'out');
  const site = http.createServer((req, res) => {
    const clean = decodeURIComponent(new URL(req.url, web).pathname);
    let file = path.join(out, clean.endsWith('/') ? `${clean}index.html` : clean);
    if (!file.startsWith(out) || !fs.existsSync(file)) file = path.join(out, '404.html');
    const type = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' }[path.extname(file)] ?? 'application/octet-stream';
    res.writeHead(file.endsWith('404.html') ? 404 : 200, { 'content-type': type });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => site.listen(webPort, '127.0.0.1', resolve));
  stops.push(() => site.close());
  await waitFor(`http://127.0.0.1:${apiPort}/health`).catch((error) => {
    throw new Error(`${error.message}\n${apiLog}`);
  });

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  stops.push(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  const problems = [];
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  page.on('pageerror', (error) => problems.push(String(error)));

  await page.goto(`${web}/dashboard/`);
  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('New job').fill('What should a new user read first?');
  await page.getByRole('button', { name: 'Start job' }).click();
  // While the job runs, the timeline draws a row for every agent, and a run bar for each
  // worker as it works.
  const workers = AGENTS[name].slice(1);
  await page.waitForFunction(
    (names) =>
      document.querySelector('[data-testid=job-status]')?.textContent === 'running' &&
      names.every((agent) => document.querySelector(`[data-testid=timeline-row][data-agent="${agent}"] [data-kind=run]`)),
    workers,
    { timeout: 60_000 },
  );
  assert.equal(await page.getByTestId('timeline-row').count(), AGENTS[name].length);
  assert.ok(await page.getByRole('figure', { name: /^Timeline/ }).isVisible());
  await page.getByTestId('job-status').filter({ hasText: 'completed' }).waitFor({ timeout: 60_000 });
  // The workers ran side by side: their run bars overlap, and each called its tools.
  const runs = [];
  for (const agent of workers) {
    const row = page.locator(`[data-testid=timeline-row][data-agent="${agent}"]`);
    const bar = row.locator('[data-kind=run]');
    runs.push([Number(await bar.getAttribute('data-start-ms')), Number(await bar.getAttribute('data-end-ms'))]);
    assert.ok((await row.locator('[data-kind=tool]').count()) >= 2, `${agent}'s tool calls are drawn`);
  }
  assert.ok(Math.max(...runs.map(([start]) => start)) < Math.min(...runs.map(([, end]) => end)), `runs overlap: ${JSON.stringify(runs)}`);
  // The same bars as text, for screen readers.
  assert.match(await page.locator('figure table').innerText(), new RegExp(`${workers[0]}\\s+run\\s+[\\d.]+ s\\s+[\\d.]+ s`));
  for (const agent of AGENTS[name]) {
    const section = page.getByRole('region', { name: `${agent} result` });
    await section.getByText('Done').waitFor();
    assert.match(await section.innerText(), /Offline answer from/);
  }
  // What the agents' (offline) model calls used: tokens, and nothing charged.
  assert.match(await page.getByTestId('job-usage').innerText(), /^All agents: \d+ requests · [\d,]+ tokens in, [\d,]+ out · ~\$0\.0000$/);
  await page.getByRole('list', { name: 'Your jobs' }).getByText('What should a new user read first?').waitFor();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `generated-dashboard-${name}.png`), fullPage: true });
  assert.deepEqual(problems, []);

  await scriptedResult(browser, web, apiPort, AGENTS[name][0]);
  await failingApi(browser, web, apiPort);
}

// A job whose first agent's result has a table (array of objects) and a bar chart, served
// in place of the API's answers: the dashboard draws them by their shape.
const SCRIPTED_ID = '0c7d2a4e-5b61-4f3a-9e12-7a8b9c0d1e2f';
function scriptedJob(agent) {
  const now = new Date().toISOString();
  return {
    id: SCRIPTED_ID,
    user_id: 'local-user',
    status: 'completed',
    request_payload: { question: 'Scripted result' },
    error_message: null,
    created_at: now,
    started_at: now,
    completed_at: now,
    updated_at: now,
    usage: { requests: 2, input_tokens: 900, output_tokens: 120, cost_usd: 0.0011 },
    results: [
      {
        agent,
        status: 'completed',
        payload: {
          summary: 'A **scripted** result.',
          sources: [
            { title: 'Guide', pages: 12 },
            { title: 'FAQ', pages: 3 },
          ],
          chart: { kind: 'bar', title: 'Mentions', labels: ['Q1', 'Q2', 'Q3'], series: [{ name: '2026', values: [3, 5, 2] }] },
        },
        started_at: now,
        finished_at: now,
        error: null,
        usage: { model: 'bedrock/us.amazon.nova-pro-v1:0', requests: 2, input_tokens: 900, output_tokens: 120, cost_usd: 0.0011 },
      },
    ],
  };
}

async function routeApi(page, web, apiPort, answer) {
  await page.route(`http://127.0.0.1:${apiPort}/jobs**`, async (route) => {
    const cors = { 'access-control-allow-origin': web, 'access-control-allow-headers': '*', 'access-control-allow-methods': '*' };
    if (route.request().method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
    const { status, body } = answer(new URL(route.request().url()));
    return route.fulfill({ status, headers: { ...cors, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  });
}

async function scriptedResult(browser, web, apiPort, agent) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  const problems = [];
  page.on('pageerror', (error) => problems.push(String(error)));
  const job = scriptedJob(agent);
  await routeApi(page, web, apiPort, (url) =>
    url.pathname === '/jobs'
      ? { status: 200, body: { jobs: [job], limit: 20, offset: 0 } }
      : url.pathname.endsWith('/events')
        ? { status: 200, body: { job_id: job.id, status: job.status, now: job.completed_at, events: [] } }
        : { status: 200, body: job },
  );
  await page.goto(`${web}/dashboard/`);
  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('list', { name: 'Your jobs' }).getByText('Scripted result').click();
  const section = page.getByRole('region', { name: `${agent} result` });
  const chart = section.getByRole('img', { name: 'Mentions (bar chart)' });
  await chart.waitFor();
  assert.equal(await chart.locator('[data-testid=chart-mark]').count(), 3);
  const table = section.getByRole('table');
  assert.deepEqual(await table.getByRole('columnheader').allTextContents(), ['title', 'pages']);
  assert.match(await table.innerText(), /Guide\s+12/);
  assert.equal(await section.locator('strong', { hasText: 'scripted' }).count(), 1);
  assert.match(await section.innerText(), /2 requests · 900 tokens in, 120 out · ~\$0\.0011/);
  await page.screenshot({ path: path.join(ARTIFACTS, `generated-result-${agent}.png`), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
}

async function failingApi(browser, web, apiPort) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  await routeApi(page, web, apiPort, () => ({ status: 500, body: { detail: 'The database is unavailable.' } }));
  await page.goto(`${web}/dashboard/`);
  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
  const toast = page.getByTestId('toast');
  await toast.waitFor();
  assert.equal(await toast.getAttribute('role'), 'alert');
  assert.match(await toast.innerText(), /The database is unavailable\./);
  await page.close();
}
