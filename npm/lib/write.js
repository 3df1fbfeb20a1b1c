'use strict';
// Writes a project all or nothing: into a hidden sibling folder first, then one rename.
const fs = require('node:fs');
const path = require('node:path');

function writeTree(root, files) {
  for (const file of files) {
    const target = path.join(root, ...file.path.split('/'));
    if (!target.startsWith(root + path.sep)) throw new Error(`refusing to write outside ${root}: ${file.path}`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.contents, { mode: file.executable ? 0o755 : 0o644 });
    if (file.executable) fs.chmodSync(target, 0o755); // the umask may have cleared bits
  }
}

/** Moves every file of `from` into `to`, replacing files that exist. */
function mergeInto(from, to) {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory() && fs.existsSync(dst) && fs.statSync(dst).isDirectory()) {
      mergeInto(src, dst);
    } else {
      fs.rmSync(dst, { recursive: true, force: true });
      fs.renameSync(src, dst);
    }
  }
}

/**
 * Writes `files` ([{path, contents, executable}]) to `target`. A new or empty target
 * appears whole or not at all; an existing one (--force) gets the files only after all
 * of them were written successfully.
 */
function writeProject(target, files) {
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.partial-`));
  try {
    fs.chmodSync(staging, 0o777 & ~process.umask()); // mkdtemp makes it 0700
    writeTree(staging, files);
    if (!fs.existsSync(target)) {
      fs.renameSync(staging, target);
    } else if (fs.readdirSync(target).length === 0) {
      fs.rmdirSync(target);
      fs.renameSync(staging, target);
    } else {
      mergeInto(staging, target);
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

module.exports = { writeProject };
