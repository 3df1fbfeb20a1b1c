#!/usr/bin/env node
// Builds a sample app from samples/NAME/ the way its author made it: create-agent-app with
// the config of sample.json, the domain files for the agents it starts with, then for each
// agent it adds later `create-agent-app add-agent` (a three-way merge into the edited
// project, so the domain code written so far must survive it) and that agent's files.
//
// Usage: node scripts/sample.mjs NAME DIR   (make sample NAME=finance)
// The CLI is the packed npm package (make build).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function packedCli() {
  const tarball = fs.readdirSync(path.join(ROOT, 'npm')).find((f) => /^create-agent-app-.*\.tgz$/.test(f));
  if (!tarball) throw new Error('no npm/create-agent-app-*.tgz: run `make build` first');
  return ['npx', '--yes', `--package=${path.join(ROOT, 'npm', tarball)}`, 'create-agent-app'];
}

function run(command, cwd) {
  const [program, ...args] = command;
  const result = spawnSync(program, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${command.join(' ')} failed (${result.status}):\n${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}

/** Every file under `dir`, relative, `/`-separated. */
export function filesUnder(dir, sub = '') {
  return fs.readdirSync(path.join(dir, sub), { withFileTypes: true }).flatMap((entry) => {
    const rel = sub ? `${sub}/${entry.name}` : entry.name;
    return entry.isDirectory() ? filesUnder(dir, rel) : [rel];
  });
}

/** Builds sample `name` into `dir/<app_name>` with the CLI `cli` (a command as a list);
 * returns the project's path, what the add-agent steps printed and the make commands to
 * run before its first job (sample.json's `before_job`, e.g. loading the knowledge base). */
export function buildSample(name, dir, cli = packedCli()) {
  const sample = path.join(ROOT, 'samples', name);
  const { config, add_agents: added = [], before_job: beforeJob = [] } = JSON.parse(fs.readFileSync(path.join(sample, 'sample.json'), 'utf8'));
  fs.mkdirSync(dir, { recursive: true });
  const configFile = path.join(dir, `${name}.config.json`);
  fs.writeFileSync(configFile, JSON.stringify(config));
  run([...cli, config.app_name, '--config', configFile, '--no-input', '--no-git'], dir);
  const project = path.join(dir, config.app_name);
  const files = filesUnder(path.join(sample, 'files'));
  const laterAgent = (file) => added.find((agent) => file.startsWith(`backend/${agent.name}/`));
  const copy = (file) => {
    fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
    fs.copyFileSync(path.join(sample, 'files', file), path.join(project, file));
  };
  files.filter((file) => !laterAgent(file)).forEach(copy);
  const merges = [];
  for (const agent of added) {
    merges.push(run([...cli, 'add-agent', agent.name, '--description', agent.description, '--dir', project], dir));
    files.filter((file) => laterAgent(file) === agent).forEach(copy);
  }
  return { project, merges, beforeJob };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [name, dir] = process.argv.slice(2);
  if (!name || !dir) {
    console.error(`usage: node scripts/sample.mjs NAME DIR (samples: ${fs.readdirSync(path.join(ROOT, 'samples')).join(', ')})`);
    process.exit(2);
  }
  const { project, merges, beforeJob } = buildSample(name, path.resolve(dir));
  for (const output of merges) process.stdout.write(output);
  const steps = ['make setup test', ...beforeJob.map((step) => `make ${step.join(' ')}`), 'make job eval'];
  console.log(`sample ${name} built in ${project}: cd there and run ${steps.join(', then ')}`);
}
