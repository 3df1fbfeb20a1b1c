'use strict';
// `npx create-agent-app [dir]`: gathers answers (file, --set, prompts), validates them in
// the Rust core, and writes the project atomically.
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');

const api = require('../index.js');
const { UsageError, applySet } = require('./answers.js');
const { ask } = require('./prompts.js');
const { Interrupted, prepareTarget, writeProject } = require('./write.js');
const { COMMANDS, lifecycle } = require('./lifecycle.js');
const { initRepository } = require('./git.js');

const HELP = `Usage: create-agent-app [dir] [options]
       create-agent-app update | add-agent NAME | remove-agent NAME | check [--dir PATH]

Generates a multi-agent LLM app for AWS into dir (default: the app name), as a git
repository with one commit.

Options:
  --no-input          do not ask; take defaults plus --config and --set
  --config <file>     answers from a JSON file (same fields as the web page)
  --set <key=value>   one answer, repeatable: --set agents=lead,scout --set vectors=s3-vectors
  --force             write into a directory that is not empty (files are overwritten)
  --no-git            do not make the project a git repository
  -h, --help          show this help
  -v, --version       show the version

Fields: ${Object.keys(api.schema().properties).join(', ')}

In a project it made (or with --dir PATH):
  update [--set key=value …]   take template changes and changed answers, keeping your edits
  add-agent NAME               add an agent everywhere agents appear
  remove-agent NAME            remove a worker agent
  check                        exit 1, listing the files, when update would change anything
  each with --dry-run to print the plan and change nothing; <command> --help for more
`;

function parse(argv) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'no-input': { type: 'boolean' },
        config: { type: 'string' },
        set: { type: 'string', multiple: true },
        force: { type: 'boolean' },
        'no-git': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (err) {
    throw new UsageError(`${err.message}\nRun create-agent-app --help for the options.`);
  }
}

const CONFIG_LIMIT = 1024 * 1024; // answers are a few KB; more is a wrong file

/** The bytes of a --config file or pipe (`<(jq …)`), refusing directories, devices and
 * anything over CONFIG_LIMIT without reading further. */
function readCapped(file) {
  const stat = fs.statSync(file);
  if (stat.isDirectory()) throw new UsageError(`--config ${file} is a directory — pass a JSON file`);
  if (!stat.isFile() && !stat.isFIFO()) {
    throw new UsageError(`--config ${file} is a device or socket, not a file — pass a JSON file`);
  }
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(CONFIG_LIMIT + 1);
    let length = 0;
    let n;
    do {
      n = fs.readSync(fd, buffer, length, buffer.length - length, null);
      length += n;
    } while (n > 0 && length < buffer.length);
    if (length > CONFIG_LIMIT) {
      throw new UsageError(`--config ${file} is larger than ${CONFIG_LIMIT / 1024 / 1024} MiB — pass the JSON file of answers`);
    }
    return buffer.subarray(0, length);
  } finally {
    fs.closeSync(fd);
  }
}

function readConfigFile(file) {
  let text;
  try {
    text = readCapped(file).toString('utf8').replace(/^\uFEFF/, ''); // editors may add a BOM
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot read --config ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--config ${file} is not valid JSON: ${err.message}${lineColumn(text, err.message)}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
    throw new UsageError(`--config ${file} holds ${kind}; it must hold a JSON object of answers, e.g. {"app_name": "my-app"}`);
  }
  // A saved .create-agent-app.json holds the answers under "config".
  return value.generator === 'create-agent-app' && value.config ? value.config : value;
}

/** " (line L, column C)" for a JSON.parse message that gives a position, else "". */
function lineColumn(text, message) {
  const match = / at position (\d+)/.exec(message);
  if (!match) return '';
  const before = text.slice(0, Number(match[1])).split('\n');
  return ` (line ${before.length}, column ${before[before.length - 1].length + 1})`;
}

function printConfigErrors(err, stream) {
  stream.write(`Invalid configuration:\n`);
  for (const { field, message } of err.fields) {
    stream.write(`  ${field || 'config'}: ${message}\n`);
  }
  stream.write(`Fix the answers (e.g. --set app_name=my-app) and run again. Nothing was written.\n`);
}

/** Runs the CLI; resolves to the exit code. */
async function main(argv, io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }) {
  let target;
  try {
    if (COMMANDS.includes(argv[0])) return await lifecycle(argv[0], argv.slice(1), io);
    const { values, positionals } = parse(argv);
    if (values.help) {
      io.stdout.write(HELP);
      return 0;
    }
    if (values.version) {
      io.stdout.write(`${api.version}\n`);
      return 0;
    }
    if (positionals.length > 1) {
      throw new UsageError(`expected at most one directory, got: ${positionals.join(' ')}`);
    }
    const schema = api.schema();
    let answers = values.config ? readConfigFile(values.config) : {};
    for (const assignment of values.set || []) {
      answers = applySet(answers, assignment, schema);
    }
    // The directory names the app unless an answer does; asked, it is only the default.
    const dirArg = positionals[0];
    if (dirArg) prepareTarget(path.resolve(dirArg), values.force); // refuse before asking
    const suggested = dirArg ? { app_name: path.basename(path.resolve(dirArg)) } : {};
    const interactive = !values['no-input'] && io.stdin.isTTY === true;
    if (interactive) {
      answers = await ask(schema, answers, suggested, api, io);
    } else {
      answers = { ...suggested, ...answers };
    }
    const config = api.normalize(answers); // throws ConfigError listing every problem
    target = prepareTarget(path.resolve(dirArg || config.app_name), values.force);
    const files = api.files(config);
    // Only a folder holding nothing but the project becomes its repository.
    const hadFiles = fs.existsSync(target) && fs.readdirSync(target).length > 0;
    await writeProject(target, files);
    const git = values['no-git']
      ? 'not a git repository (--no-git)'
      : hadFiles
        ? 'not a git repository: the folder held other files'
        : initRepository(target, api.version);
    const shown = path.relative(process.cwd(), target) || '.';
    io.stdout.write(
      `Created ${config.app_title} in ${shown} (${files.length} files; ${git}).\n\n` +
        `Next steps:\n  cd ${shown}\n  make help\n` +
        `Then read README.md, and CUSTOMIZATION_GUIDE.md for the TODOs that are yours.\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`create-agent-app: ${err.message}\n`);
      return 2;
    }
    if (err && err.name === 'ConfigError') {
      printConfigErrors(err, io.stderr);
      return 1;
    }
    if (err instanceof Interrupted) {
      const was = target && fs.existsSync(target) ? ` ${target} is as it was.` : '';
      io.stderr.write(`\ncreate-agent-app: interrupted (${err.signal}). Nothing was written.${was}\n`);
      return err.exitCode;
    }
    if (err && err.name === 'AbortError') {
      io.stderr.write('\nCancelled. Nothing was written.\n');
      return 130;
    }
    const nothing = err && err.keepStaging ? '' : '\nNothing was written.';
    io.stderr.write(`create-agent-app: ${err && err.message ? err.message : err}${nothing}\n`);
    return 1;
  }
}

module.exports = { main };
