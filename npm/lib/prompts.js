'use strict';
// Interactive questions, built from the config's JSON Schema: one per field, in schema
// order, each checked by the core's validate() before moving on.
const readline = require('node:readline/promises');

/** The choices of an enum property: [{value, description}] or null. */
function choices(schema, property) {
  const ref = property.$ref && property.$ref.replace('#/$defs/', '');
  const def = ref ? schema.$defs[ref] : property;
  if (def && Array.isArray(def.oneOf) && def.oneOf.every((o) => 'const' in o)) {
    return def.oneOf.map((o) => ({ value: o.const, description: o.description || '' }));
  }
  if (def && Array.isArray(def.enum)) return def.enum.map((value) => ({ value, description: '' }));
  return null;
}

function hidden(property, answers, defaults) {
  const when = property['x-hidden-when'] || {};
  return Object.entries(when).some(([key, value]) => (answers[key] ?? defaults[key]) === value);
}

function errorsFor(api, answers, field) {
  return api
    .validate(answers)
    .filter((e) => e.field === field || e.field.startsWith(`${field}[`) || e.field.startsWith(`${field}.`));
}

function agentNames(agents) {
  if (typeof agents === 'string') return agents;
  return agents.map((a) => (typeof a === 'string' ? a : a.name)).join(', ');
}

/**
 * Asks for every field not already `given`; `suggested` values replace the defaults shown.
 * Resolves to the completed answers.
 */
async function ask(schema, given, suggested, api, io) {
  const rl = readline.createInterface({ input: io.stdin, output: io.stdout, terminal: true });
  const abort = new AbortController();
  rl.on('SIGINT', () => abort.abort());
  const question = (text) => rl.question(text, { signal: abort.signal });
  const defaults = { ...api.defaults(), ...suggested };
  const answers = { ...given };
  try {
    io.stdout.write('create-agent-app — press Enter to keep the value in [brackets].\n\n');
    for (const [key, property] of Object.entries(schema.properties)) {
      if (key in given || hidden(property, answers, defaults)) continue;
      io.stdout.write(`${property.title}: ${(property.description || '').split('\n')[0]}\n`);
      for (;;) {
        const value = await askOne(question, io, schema, key, property, answers, defaults, api);
        const candidate = { ...answers, [key]: value };
        const problems = errorsFor(api, candidate, key);
        if (problems.length === 0) {
          answers[key] = value;
          break;
        }
        for (const p of problems) io.stdout.write(`  ✗ ${p.field}: ${p.message}\n`);
      }
      if (key === 'agents') answers.agents = await describeAgents(question, answers.agents, defaults);
      io.stdout.write('\n');
    }
    return answers;
  } finally {
    rl.close();
  }
}

async function askOne(question, io, schema, key, property, answers, defaults, api) {
  const options = choices(schema, property);
  if (options) {
    options.forEach((o, i) => io.stdout.write(`  ${i + 1}) ${o.value}${o.description ? ` — ${o.description}` : ''}\n`));
    const current = answers[key] ?? defaults[key];
    const reply = (await question(`  choose 1-${options.length} or a value [${current}]: `)).trim();
    if (reply === '') return current;
    const index = Number(reply);
    return Number.isInteger(index) && index >= 1 && index <= options.length ? options[index - 1].value : reply;
  }
  if (property.type === 'boolean') {
    const current = answers[key] ?? defaults[key];
    const reply = (await question(`  (y/n) [${current ? 'y' : 'n'}]: `)).trim().toLowerCase();
    if (reply === '') return current;
    if (['y', 'yes', 'true'].includes(reply)) return true;
    if (['n', 'no', 'false'].includes(reply)) return false;
    return reply;
  }
  if (key === 'agents') {
    const current = agentNames(answers.agents ?? defaults.agents);
    const reply = (await question(`  names, comma-separated, orchestrator first [${current}]: `)).trim();
    return reply === '' ? answers.agents ?? defaults.agents : reply;
  }
  let current = answers[key] ?? defaults[key];
  if (key === 'app_title' && !current) current = api.normalize({ app_name: answers.app_name }).app_title;
  const reply = await question(`  [${current}]: `);
  return reply.trim() === '' ? current : reply.trim();
}

/** Offers a description for each agent that has none (the default agents have theirs). */
async function describeAgents(question, agents, defaults) {
  const list = typeof agents === 'string' ? agents.split(',').map((n) => n.trim()) : agents;
  const known = new Map(defaults.agents.map((a) => [a.name, a]));
  const out = [];
  for (const entry of list) {
    const agent = typeof entry === 'string' ? { ...(known.get(entry) || { name: entry }) } : { ...entry };
    if (!agent.description) {
      const reply = (await question(`  What does ${agent.name} do? (one sentence, Enter to skip): `)).trim();
      if (reply) agent.description = reply;
    }
    out.push(agent);
  }
  return out;
}

module.exports = { ask, choices };
