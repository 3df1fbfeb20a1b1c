// Syntax highlighting for the preview: highlight.js with the languages a project holds.
import hljs from '../vendor/hljs/core.min.js';
import bash from '../vendor/hljs/languages/bash.min.js';
import ini from '../vendor/hljs/languages/ini.min.js';
import json from '../vendor/hljs/languages/json.min.js';
import makefile from '../vendor/hljs/languages/makefile.min.js';
import markdown from '../vendor/hljs/languages/markdown.min.js';
import python from '../vendor/hljs/languages/python.min.js';
import sql from '../vendor/hljs/languages/sql.min.js';
import typescript from '../vendor/hljs/languages/typescript.min.js';
import yaml from '../vendor/hljs/languages/yaml.min.js';

for (const [name, language] of Object.entries({ bash, ini, json, makefile, markdown, python, sql, typescript, yaml })) {
  hljs.registerLanguage(name, language);
}

const BY_EXTENSION = {
  py: 'python', ts: 'typescript', tsx: 'typescript', js: 'typescript', json: 'json', yml: 'yaml', yaml: 'yaml',
  md: 'markdown', sql: 'sql', sh: 'bash', toml: 'ini', tf: 'ini', tfvars: 'ini', example: 'ini', gitignore: 'bash',
};

/** The highlight.js language for a project path. */
export function languageOf(path) {
  const name = path.split('/').pop();
  if (name === 'Makefile') return 'makefile';
  return BY_EXTENSION[name.split('.').pop()] ?? 'plaintext';
}

/** `text` as highlighted HTML (escaped by highlight.js). */
export function highlight(text, path) {
  const language = languageOf(path);
  return language === 'plaintext' ? hljs.highlight(text, { language: 'bash' }).value : hljs.highlight(text, { language }).value;
}
