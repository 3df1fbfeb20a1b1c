'use strict';
// `create-agent-app update | add-agent | remove-agent | check`, run in a project (or with
// --dir): the project's answers file says what made it; the core merges what the
// generator makes now into the user's tree, three-way, and the result is written
// atomically (whole or not at all), like `create`.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { parseArgs } = require('node:util');

const api = require('../index.js');
const { UsageError, applySet } = require('./answers.js');
const { writeProject } = require('./write.js');

const ANSWERS = '.create-agent-app.json';

const HELP = {
  update: `Usage: create-agent-app update [--set key=value …] [--dry-run] [--dir PATH]

Brings the project up to this generator's templates (and to changed answers, with --set),
keeping your edits: a file you did not touch takes the template's version; a file the
template did not change keeps yours; a file both changed is merged line by line, and
overlapping edits are written between <<<<<<< and >>>>>>> markers and listed.
Exit code 1 when conflicts remain.`,
  'add-agent': `Usage: create-agent-app add-agent NAME [--role worker|orchestrator] [--description TEXT] [--dry-run] [--dir PATH]

Adds an agent everywhere agents appear (backend package, tests, Terraform, Makefile,
guides, frontend, diagram), keeping your edits.`,
  'remove-agent': `Usage: create-agent-app remove-agent NAME [--dry-run] [--dir PATH]

Removes a worker agent's files and every mention the template made of it; files of it
you changed are kept and listed.`,
  check: `Usage: create-agent-app check [--dir PATH]

Exits 1, listing the files, when \`update\` would change the project: the template moved
on since the project was generated or last updated. For CI.`,
};

const COMMON = `
Options:
  --dir PATH          the project (default: the current directory)
  --dry-run           print the per-file plan; change nothing
  --offline           never fetch the generator version that made the project from npm
  -h, --help          show this help`;

function parse(command, argv) {
  const options = {
    dir: { type: 'string' },
    'dry-run': { type: 'boolean' },
    offline: { type: 'boolean' },
    'allow-dirty': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  };
  if (command === 'update') options.set = { type: 'string', multiple: true };
  if (command === 'add-agent') Object.assign(options, { role: { type: 'string' }, description: { type: 'string' } });
  try {
    return parseArgs({ args: argv, allowPositionals: true, options });
  } catch (err) {
    throw new UsageError(`${err.message}\nRun create-agent-app ${command} --help for the options.`);
  }
}

/** The project's answers file, read by the core (clear errors for a wrong folder). */
function readRecorded(dir) {
  const file = path.join(dir, ANSWERS);
  if (!fs.existsSync(file)) {
    throw new UsageError(`${dir} has no ${ANSWERS} — run this in a project create-agent-app made, or pass --dir PATH`);
  }
  return api.readAnswers(fs.readFileSync(file));
}

/** Where older generator versions are kept: CREATE_AGENT_APP_CACHE, else the user cache. */
function cacheDir() {
  if (process.env.CREATE_AGENT_APP_CACHE) return process.env.CREATE_AGENT_APP_CACHE;
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'create-agent-app');
}

/**
 * The generator `version`'s API, for the base of an update: from the cache, or fetched
 * once into it with `npm pack create-agent-app@version` (unless offline). Resolves to
 * {api} or {why} (why it could not be had).
 */
function olderGenerator(version, offline) {
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) return { why: `${JSON.stringify(version)} is not a version` };
  const home = path.join(cacheDir(), version);
  const entry = path.join(home, 'package', 'index.js');
  if (!fs.existsSync(entry)) {
    if (offline) return { why: `it is not in ${cacheDir()} and --offline is set` };
    fs.mkdirSync(home, { recursive: true });
    const staging = fs.mkdtempSync(path.join(home, '.fetch-'));
    try {
      const pack = spawnSync('npm', ['pack', `create-agent-app@${version}`, '--silent', '--pack-destination', staging], {
        encoding: 'utf8',
      });
      const tarball = (pack.stdout || '').trim().split('\n').pop();
      if (pack.error || pack.status !== 0 || !tarball) {
        const detail = pack.error ? pack.error.message : (pack.stderr || '').trim().split('\n').pop();
        return { why: `npm pack create-agent-app@${version} failed (${detail || 'no output'})` };
      }
      const untar = spawnSync('tar', ['-xzf', path.join(staging, tarball), '-C', staging], { encoding: 'utf8' });
      if (untar.status !== 0) return { why: `could not unpack ${tarball}: ${untar.stderr || untar.error}` };
      fs.renameSync(path.join(staging, 'package'), path.join(home, 'package'));
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }
  try {
    const older = require(entry);
    if (older.version !== version) return { why: `${entry} is version ${older.version}, not ${version}` };
    return { api: older };
  } catch (err) {
    return { why: `${entry} does not load (${err.message})` };
  }
}

/** What the recorded version made for the recorded answers, or null with a note why. */
function baseFiles(recorded, offline, notes) {
  if (recorded.version === api.version) return api.files(recorded.config);
  const older = olderGenerator(recorded.version, offline);
  if (older.api) {
    try {
      return older.api.files(recorded.config);
    } catch (err) {
      notes.push(`create-agent-app ${recorded.version} could not regenerate the project's base (${err.message}).`);
      return null;
    }
  }
  notes.push(`create-agent-app ${recorded.version}, which made this project, is not available: ${older.why}.`);
  return null;
}

/** The project's files at every path the update may touch. */
function readCurrent(dir, paths) {
  const current = [];
  for (const rel of [...paths].sort()) {
    const file = path.join(dir, ...rel.split('/'));
    let stat;
    try {
      stat = fs.lstatSync(file);
    } catch {
      continue; // absent: deleted by the user, or new in the template
    }
    if (!stat.isFile()) continue;
    current.push({ path: rel, contents: fs.readFileSync(file), executable: (stat.mode & 0o100) !== 0 });
  }
  return current;
}

/** `git status --porcelain` of tracked files at `dir`: '' when clean, null when `dir` is
 * not in a git work tree (or git is missing). */
function gitStatus(dir) {
  const status = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: dir, encoding: 'utf8' });
  return status.status === 0 ? status.stdout.trim() : null;
}

const SYMBOL = { add: 'A', update: 'U', merge: 'M', conflict: 'C', remove: 'D' };

function printPlan(result, io) {
  for (const change of result.changes) {
    const reason = change.reason ? `  — ${change.reason}` : '';
    io.stdout.write(`  ${SYMBOL[change.action]} ${change.path}${reason}\n`);
  }
}

function summary(result) {
  const count = (action) => result.changes.filter((c) => c.action === action).length;
  return ['add', 'update', 'merge', 'remove', 'conflict']
    .map((action) => [action, count(action)])
    .filter(([, n]) => n > 0)
    .map(([action, n]) => `${n} ${{ add: 'added', update: 'updated', merge: 'merged', remove: 'removed', conflict: 'in conflict' }[action]}`)
    .join(', ');
}

const BASE_NOTE = {
  hashes: 'Merged over the hashes the project recorded: files you changed were left as they are and listed.',
  none: 'The project records no hashes: only new files were added; every file that differs was left as it is and listed.',
};

/** Runs a lifecycle command; resolves to the exit code. */
async function lifecycle(command, argv, io) {
  const { values, positionals } = parse(command, argv);
  if (values.help) {
    io.stdout.write(`${HELP[command]}\n${COMMON}\n${command === 'update' ? '  --set key=value     change an answer, repeatable\n' : ''}`);
    return 0;
  }
  const wantsName = command === 'add-agent' || command === 'remove-agent';
  if (wantsName && positionals.length !== 1) throw new UsageError(`${command} expects one agent NAME, e.g. ${command} auditor`);
  if (!wantsName && positionals.length) throw new UsageError(`${command} takes no positional arguments (got ${positionals.join(' ')}); use --dir PATH for the project`);
  const dir = path.resolve(values.dir || '.');
  const recorded = readRecorded(dir);
  let config = recorded.config;
  for (const assignment of values.set || []) config = applySet(config, assignment, api.schema());
  if (command === 'add-agent') {
    const agent = { name: positionals[0] };
    if (values.role) agent.role = values.role;
    if (values.description) agent.description = values.description;
    config = api.addAgent(config, agent);
  } else if (command === 'remove-agent') {
    config = api.removeAgent(config, positionals[0]);
  }
  const dryRun = values['dry-run'] || command === 'check';
  const git = gitStatus(dir);
  if (!dryRun && !values['allow-dirty'] && git) {
    throw new UsageError(
      `${dir} has uncommitted changes — commit or stash them first, so that you can review and undo the ${command} with git (or pass --allow-dirty)`,
    );
  }
  const notes = [];
  const base = baseFiles(recorded, values.offline, notes);
  const next = api.files(config);
  const paths = new Set([ANSWERS, ...Object.keys(recorded.files || {}), ...next.map((f) => f.path), ...(base || []).map((f) => f.path)]);
  const result = api.updateProject(readCurrent(dir, paths), config, base);
  for (const note of notes) io.stderr.write(`${note}\n`);
  if (BASE_NOTE[result.base]) io.stderr.write(`${BASE_NOTE[result.base]}\n`);

  if (command === 'check') {
    const moved = result.changes.filter((c) => c.path !== ANSWERS);
    if (!moved.length) {
      io.stdout.write(`Up to date with create-agent-app ${api.version}.\n`);
      return 0;
    }
    io.stdout.write(`create-agent-app ${api.version} would change ${moved.length} file(s) made by ${result.from_version}; run \`npx create-agent-app update\`:\n`);
    printPlan({ changes: moved }, io);
    return 1;
  }
  const shown = path.relative(process.cwd(), dir) || '.';
  if (!result.changes.length) {
    io.stdout.write(`Nothing to change in ${shown}.\n`);
    return 0;
  }
  if (dryRun) {
    io.stdout.write(`${command} would change ${shown} (${summary(result)}); nothing was written:\n`);
    printPlan(result, io);
    return result.conflicts.length ? 1 : 0;
  }
  await writeProject(dir, result.files, result.removed);
  io.stdout.write(`${command}: ${summary(result)} in ${shown}.\n`);
  printPlan(result, io);
  if (result.conflicts.length) {
    io.stdout.write(
      `\n${result.conflicts.length} conflict(s) need you: resolve them (look for <<<<<<< and >>>>>>> markers) in:\n` +
        result.conflicts.map((p) => `  ${p}\n`).join(''),
    );
  }
  if (git !== null) io.stdout.write('\nReview with `git status` and `git diff`; undo with `git stash -u`.\n');
  return result.conflicts.length ? 1 : 0;
}

module.exports = { lifecycle, COMMANDS: Object.keys(HELP) };
