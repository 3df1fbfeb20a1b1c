'use strict';
// `npx create-agent-app [dir]`: gathers answers (file, --set, prompts), validates them in
// the Rust core, and writes the project atomically.
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');

const api = require('../index.js');
const { UsageError, applySet } = require('./answers.js');
const { ask } = require('./prompts.js');
const { writeProject } = require('./write.js');

const HELP = `Usage: create-agent-app [dir] [options]

Generates a multi-agent LLM app for AWS into dir (default: the app name).

Options:
  --no-input          do not ask; take defaults plus --config and --set
  --config <file>     answers from a JSON file (same fields as the web page)
  --set <key=value>   one answer, repeatable: --set agents=lead,scout --set vectors=s3-vectors
  --force             write into a directory that is not empty (files are overwritten)
  -h, --help          show this help
  -v, --version       show the version

Fields: ${Object.keys(api.schema().properties).join(', ')}
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
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (err) {
    throw new UsageError(`${err.message}\nRun create-agent-app --help for the options.`);
  }
}

function readConfigFile(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read --config ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  }
  try {
    const value = JSON.parse(text);
    // A saved .create-agent-app.json holds the answers under "config".
    return value && value.generator === 'create-agent-app' && value.config ? value.config : value;
  } catch (err) {
    throw new UsageError(`--config ${file} is not valid JSON: ${err.message}`);
  }
}

function isEmptyDir(dir) {
  try {
    return fs.readdirSync(dir).length === 0;
  } catch (err) {
    if (err.code === 'ENOENT') return true;
    if (err.code === 'ENOTDIR') return false;
    throw err;
  }
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
  try {
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
    if (answers === null || typeof answers !== 'object' || Array.isArray(answers)) {
      throw new UsageError(`--config ${values.config} must hold a JSON object of answers`);
    }
    for (const assignment of values.set || []) {
      answers = applySet(answers, assignment, schema);
    }
    // The directory names the app unless an answer does; asked, it is only the default.
    const dirArg = positionals[0];
    const suggested = dirArg ? { app_name: path.basename(path.resolve(dirArg)) } : {};
    const interactive = !values['no-input'] && io.stdin.isTTY === true;
    if (interactive) {
      answers = await ask(schema, answers, suggested, api, io);
    } else {
      answers = { ...suggested, ...answers };
    }
    const config = api.normalize(answers); // throws ConfigError listing every problem
    const target = path.resolve(dirArg || config.app_name);
    if (!values.force && !isEmptyDir(target)) {
      throw new UsageError(
        `${target} is not empty — choose another directory, or pass --force to write into it`,
      );
    }
    const files = api.files(config);
    writeProject(target, files);
    const shown = path.relative(process.cwd(), target) || '.';
    io.stdout.write(
      `Created ${config.app_title} in ${shown} (${files.length} files).\n\n` +
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
    if (err && err.name === 'AbortError') {
      io.stderr.write('\nCancelled. Nothing was written.\n');
      return 130;
    }
    io.stderr.write(`create-agent-app: ${err && err.message ? err.message : err}\nNothing was written.\n`);
    return 1;
  }
}

module.exports = { main };
