'use strict';
// Writes a project so that a failure or a signal leaves nothing behind, and nothing
// outside the target is ever touched:
// - everything is written first into a hidden staging folder beside a new target, or
//   inside an existing one (so a mount point never needs a cross-device rename);
// - a new target is that folder renamed into place; an existing directory (empty, or
//   --force) keeps its inode, mode and owner and gets the staged entries moved in one by
//   one, each file it replaces first moved into the staging folder's backup, so any
//   failure or signal rolls back to the exact old tree;
// - paths inside the target are inspected with lstat and never followed: a symlink
//   where the project has a file or folder is itself replaced, never written through.
const fs = require('node:fs');
const path = require('node:path');
const { UsageError } = require('./answers.js');

const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/** A signal arrived while writing; everything was rolled back. */
class Interrupted extends Error {
  constructor(signal) {
    super(`interrupted by ${signal}`);
    this.name = 'Interrupted';
    this.signal = signal;
    this.exitCode = 128 + SIGNALS[signal]; // what a shell reports for a process killed by it
  }
}

// What a user can do about the file-system errors a write meets.
const HINTS = {
  EACCES: 'permission denied — choose a directory you can write to',
  EPERM: 'operation not permitted — choose a directory you can write to',
  EROFS: 'the file system is read-only — choose another directory',
  ENOSPC: 'no space left on the device — free some space and run again',
  EDQUOT: 'disk quota exceeded — free some space and run again',
};

function lstatOrNull(p) {
  try {
    return fs.lstatSync(p);
  } catch (err) {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return null; // ENOTDIR: below a file
    throw err;
  }
}

/**
 * Checks `target` before anything is generated; returns the directory to write to (a
 * symlinked target is the directory it names: the user chose that path). Throws a
 * UsageError when it exists but is not a directory, is not empty without `force`, or
 * cannot be created because an ancestor is a file.
 */
function prepareTarget(target, force) {
  let stat = lstatOrNull(target);
  if (stat && stat.isSymbolicLink()) {
    try {
      target = fs.realpathSync(target);
    } catch {
      throw new UsageError(`${target} is a symlink to a path that does not exist — remove it or choose another directory`);
    }
    stat = fs.statSync(target);
  }
  if (stat && !stat.isDirectory()) {
    throw new UsageError(`${target} exists and is not a directory — choose another directory`);
  }
  if (stat && !force && fs.readdirSync(target).length > 0) {
    throw new UsageError(`${target} is not empty — choose another directory, or pass --force to write into it`);
  }
  if (!stat) {
    let dir = path.dirname(target);
    while (!lstatOrNull(dir)) dir = path.dirname(dir);
    if (!fs.statSync(dir).isDirectory()) {
      throw new UsageError(`cannot create ${target}: ${dir} is a file, not a directory — choose another path`);
    }
  }
  return target;
}

/** Listens for SIGINT/SIGTERM/SIGHUP while writing; `check()` yields so a pending one is
 * seen, then throws Interrupted. Until stopped the signals do not kill the process. */
function watchSignals() {
  const watch = { signal: null };
  const onSignal = (signal) => {
    watch.signal = watch.signal || signal;
  };
  for (const signal of Object.keys(SIGNALS)) process.on(signal, onSignal);
  watch.stop = () => Object.keys(SIGNALS).forEach((signal) => process.off(signal, onSignal));
  watch.check = async () => {
    await new Promise(setImmediate);
    if (watch.signal) throw new Interrupted(watch.signal);
  };
  return watch;
}

/** Test hook: CREATE_AGENT_APP_TEST_PAUSE=staging|merge stops there (up to 10 s) until a
 * signal arrives, so tests can interrupt the writer at a known moment. */
async function pauseForTest(point, watch) {
  if (process.env.CREATE_AGENT_APP_TEST_PAUSE !== point) return;
  process.stderr.write(`create-agent-app: paused at ${point}\n`);
  const until = Date.now() + 10000;
  while (!watch.signal && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
}

async function writeTree(root, files, watch) {
  for (const file of files) {
    const target = path.join(root, ...file.path.split('/'));
    if (!target.startsWith(root + path.sep)) throw new Error(`refusing to write outside ${root}: ${file.path}`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.contents, { mode: file.executable ? 0o755 : 0o644 });
    if (file.executable) fs.chmodSync(target, 0o755); // the umask may have cleared bits
    await watch.check();
  }
}

/**
 * The moves that put `from` into `to`: [{rel, replace}], the top-most entry of each new
 * subtree, recursing only into real directories of `to`. A directory where the project
 * has a file is refused (--force overwrites files, it does not delete folders).
 */
function planMerge(from, to, rel = '', moves = []) {
  const entries = fs.readdirSync(path.join(from, rel), { withFileTypes: true });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const sub = path.join(rel, entry.name);
    const existing = lstatOrNull(path.join(to, sub));
    if (!existing) {
      moves.push({ rel: sub, replace: false });
    } else if (existing.isDirectory() && entry.isDirectory()) {
      planMerge(from, to, sub, moves);
    } else if (existing.isDirectory()) {
      throw new UsageError(`${path.join(to, sub)} is a directory, but the project has a file there — move it away and run again`);
    } else {
      moves.push({ rel: sub, replace: true }); // a file, or a symlink: the link itself goes
    }
  }
  return moves;
}

/** Moves the planned entries into `to`, backing up what they replace, and moves the
 * `removed` paths (relative, `/`-separated) into the backup; on any failure or signal
 * puts everything back as it was. */
async function merge(from, to, backup, watch, removed = []) {
  const moves = planMerge(from, to);
  for (const rel of removed) {
    const stat = lstatOrNull(path.join(to, ...rel.split('/')));
    if (stat && !stat.isDirectory()) moves.push({ rel: path.join(...rel.split('/')), replace: true, remove: true });
  }
  const done = [];
  try {
    for (const [i, move] of moves.entries()) {
      const dst = path.join(to, move.rel);
      done.push(move);
      if (move.replace) {
        fs.mkdirSync(path.dirname(path.join(backup, move.rel)), { recursive: true });
        fs.renameSync(dst, path.join(backup, move.rel));
        move.backedUp = true;
      }
      if (!move.remove) {
        fs.renameSync(path.join(from, move.rel), dst);
        move.placed = true;
      }
      if (i === Math.floor(moves.length / 2)) await pauseForTest('merge', watch);
      await watch.check();
    }
  } catch (err) {
    try {
      for (const move of done.reverse()) {
        const dst = path.join(to, move.rel);
        if (move.placed) fs.rmSync(dst, { recursive: true, force: true });
        if (move.backedUp) fs.renameSync(path.join(backup, move.rel), dst);
      }
    } catch (rollbackErr) {
      // Only now may the backup outlive the run: it holds the user's files.
      throw Object.assign(
        new Error(`${err.message}; restoring ${to} then failed (${rollbackErr.message}) — the replaced files are in ${backup}`),
        { keepStaging: true },
      );
    }
    throw err;
  }
}

/**
 * Writes `files` ([{path, contents, executable}]) to `target` (from prepareTarget), and
 * deletes the `removed` paths of an existing target: whole or not at all. Rejects with
 * Interrupted on a signal, after rolling back.
 */
async function writeProject(target, files, removed = []) {
  const watch = watchSignals();
  const exists = Boolean(lstatOrNull(target));
  let created; // the first ancestor this run created, removed again on failure
  let staging;
  try {
    // Staged beside a new target, inside an existing one: renames never cross a mount.
    if (!exists) created = fs.mkdirSync(path.dirname(target), { recursive: true });
    staging = fs.mkdtempSync(
      exists
        ? path.join(target, '.create-agent-app.partial-')
        : path.join(path.dirname(target), `.${path.basename(target)}.partial-`),
    );
    const project = path.join(staging, 'project');
    fs.mkdirSync(project); // mode 0777 & ~umask, unlike mkdtemp's 0700
    await writeTree(project, files, watch);
    await pauseForTest('staging', watch);
    await watch.check();
    if (!exists) {
      fs.renameSync(project, target);
    } else {
      await merge(project, target, path.join(staging, 'backup'), watch, removed);
    }
  } catch (err) {
    if (staging && !err.keepStaging) fs.rmSync(staging, { recursive: true, force: true });
    if (created) fs.rmSync(created, { recursive: true, force: true });
    if (HINTS[err.code]) throw Object.assign(new Error(`cannot write ${target}: ${HINTS[err.code]}`), { code: err.code });
    throw err;
  } finally {
    watch.stop();
  }
  fs.rmSync(staging, { recursive: true, force: true });
  removeEmptyFolders(target, removed);
}

// What tools make beside the code (bytecode, test caches): a folder holding only these is
// as good as empty once the update removed its files.
const DERIVED = new Set(['__pycache__', '.pytest_cache', '.ruff_cache']);

/** Deletes the folders the `removed` files leave empty (an agent's folder), up to `root`;
 * derived caches alone do not keep a folder. */
function removeEmptyFolders(root, removed) {
  const folders = new Set(removed.map((rel) => path.dirname(path.join(root, ...rel.split('/')))));
  for (const folder of [...folders].sort((a, b) => b.length - a.length)) {
    for (let dir = folder; dir.startsWith(root + path.sep); dir = path.dirname(dir)) {
      let entries;
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        break;
      }
      if (!entries.every((e) => e.isDirectory() && DERIVED.has(e.name))) break;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

module.exports = { prepareTarget, writeProject, Interrupted };
