// The CLI's questions, answered through a real pseudo-terminal.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { ROOT, installPackage, tempDir } from './helpers.mjs';

const { cli } = installPackage();

function drive(script, args, cwd) {
  const result = spawnSync('python3', [path.join(ROOT, 'pkg-tests', 'pty_drive.py'), JSON.stringify(script), '--', cli, ...args], {
    cwd,
    encoding: 'utf8',
  });
  return { status: result.status, transcript: result.stdout, stderr: result.stderr };
}

const ENTER = '\r';

test('every field is asked in schema order, invalid answers are re-asked, hidden fields skipped', () => {
  const work = tempDir();
  const { status, transcript, stderr } = drive(
    [
      ['App name:.*\\n.*\\[loans\\]: ', `Pty App${ENTER}`],
      ['app_name: "Pty App" is not a valid app name.*e\\.g\\. "pty-app"', ''],
      ['\\[loans\\]: ', `pty-app${ENTER}`],
      ['Description:.*\\n.*\\]: ', `Checks "loan" files.${ENTER}`],
      ['Title:.*\\n.*\\[Pty App\\]: ', ENTER],
      ['AWS region:.*\\n.*\\[us-east-1\\]: ', `eu-west-1${ENTER}`],
      ['Bedrock region:.*\\n.*\\]: ', ENTER],
      ['Bedrock model:.*\\n.*\\]: ', ENTER],
      ['Agents:.*\\n.*\\[orchestrator, researcher, writer\\]: ', `lead, class${ENTER}`],
      ['agents\\[1\\]\\.name: "class" is a Python keyword', ''],
      ['\\]: ', `lead, scout${ENTER}`],
      ['What does lead do\\?.*: ', `Runs the job${ENTER}`],
      ['What does scout do\\?.*: ', ENTER],
      ['Sign-in provider:[\\s\\S]*2\\) cognito[\\s\\S]*\\[clerk\\]: ', `2${ENTER}`],
      ['Vector store:[\\s\\S]*\\[none\\]: ', ENTER],
      ['Async service:.*\\n.*\\[none\\]: ', ENTER],
      ['Observability:.*\\n.*\\(y/n\\) \\[y\\]: ', `n${ENTER}`],
      ['Guides:[\\s\\S]*\\[full\\]: ', `quickstart${ENTER}`],
      ['Lambda architecture:[\\s\\S]*\\[arm64\\]: ', ENTER],
      ['Lambda SnapStart:.*cold starts.*\\n.*\\(y/n\\) \\[n\\]: ', `y${ENTER}`],
      ['Guardrails:[\\s\\S]*Bedrock guardrail[\\s\\S]*\\[none\\]: ', `bedrock${ENTER}`],
    ],
    ['loans'],
    work,
  );
  assert.equal(status, 0, `${transcript}\n${stderr}`);
  assert.doesNotMatch(transcript, /Embeddings:/, 'embeddings is hidden while there is no vector store');
  assert.match(transcript, /Created Pty App in loans/);
  const { config } = JSON.parse(fs.readFileSync(path.join(work, 'loans', '.create-agent-app.json')));
  assert.equal(config.app_name, 'pty-app');
  assert.equal(config.app_description, 'Checks "loan" files.');
  assert.equal(config.app_title, 'Pty App');
  assert.equal(config.aws_region, 'eu-west-1');
  assert.equal(config.auth_provider, 'cognito');
  assert.equal(config.observability, false);
  assert.equal(config.guides, 'quickstart');
  assert.equal(config.snapstart, true);
  assert.equal(config.guardrails, 'bedrock');
  assert.deepEqual(config.agents, [
    { name: 'lead', role: 'orchestrator', description: 'Runs the job' },
    { name: 'scout', role: 'worker', description: '' },
  ]);
});

test('answers given with --set are not asked again', () => {
  const work = tempDir();
  const { status, transcript } = drive(
    [
      ['Description:.*\\n.*\\]: ', ENTER],
      ['Title:.*\\n.*\\]: ', ENTER],
      ['AWS region:.*\\n.*\\]: ', ENTER],
      ['Bedrock region:.*\\n.*\\]: ', ENTER],
      ['Bedrock model:.*\\n.*\\]: ', ENTER],
      ['Sign-in provider:[\\s\\S]*\\]: ', ENTER],
      ['Embeddings:[\\s\\S]*\\[sagemaker\\]: ', `bedrock-titan${ENTER}`],
      ['Async service:.*\\n.*\\]: ', ENTER],
      ['Observability:.*\\n.*\\]: ', ENTER],
      ['Guides:[\\s\\S]*\\]: ', ENTER],
      ['Lambda architecture:[\\s\\S]*\\]: ', ENTER],
      ['Lambda SnapStart:.*\\n.*\\]: ', ENTER],
      ['Guardrails:[\\s\\S]*\\]: ', ENTER],
    ],
    ['folder', '--set', 'app_name=given', '--set', 'agents=solo', '--set', 'vectors=s3-vectors'],
    work,
  );
  assert.equal(status, 0, transcript);
  assert.doesNotMatch(transcript, /App name:|Agents:|Vector store:/);
  const { config } = JSON.parse(fs.readFileSync(path.join(work, 'folder', '.create-agent-app.json')));
  assert.equal(config.app_name, 'given');
  assert.equal(config.embeddings, 'bedrock-titan');
  assert.equal(config.snapstart, false);
  assert.equal(config.guardrails, 'none');
});

test('Ctrl-C at a question cancels and writes nothing', () => {
  const work = tempDir();
  const { status, transcript } = drive(
    [
      ['App name:.*\\n.*\\]: ', `abc-app${ENTER}`],
      ['Description:.*\\n.*\\]: ', '\u0003'],
    ],
    ['cancelled'],
    work,
  );
  assert.equal(status, 130, transcript);
  assert.match(transcript, /Cancelled\. Nothing was written\./);
  assert.deepEqual(fs.readdirSync(work), []);
});
