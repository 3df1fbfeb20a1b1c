// The option space of a config, derived from the generator's JSON Schema (never a hand
// list), and a pairwise covering set of it.
//
// Each field with choices is a factor: an enum (its `const`s), a boolean (false, true),
// or a string with `examples` (async_service: none or a name). Free text keeps its
// default. A field with `x-hidden-when` takes only its default where it is hidden
// (embeddings without a vector store). The agents are a factor of their own: 1, 3 or 16.

/** The agents a count stands for: the first is the orchestrator. */
export function agentsOf(count) {
  const names = ['lead', 'scout', 'scribe'];
  for (let i = names.length; i < count; i += 1) names.push(`worker_${i}`);
  return names.slice(0, count).join(', ');
}

/** [{name, values, hiddenWhen, default}] for every field that has choices. */
export function factors(schema, agentCounts = [1, 3, 16]) {
  const defs = schema.$defs ?? {};
  const out = [];
  for (const [name, property] of Object.entries(schema.properties)) {
    const target = property.$ref ? defs[property.$ref.split('/').pop()] : property;
    let values = null;
    if (name === 'agents') values = agentCounts.map(agentsOf);
    else if (target.oneOf?.every((option) => 'const' in option)) values = target.oneOf.map((option) => option.const);
    else if (Array.isArray(target.enum)) values = target.enum;
    else if (target.type === 'boolean') values = [false, true];
    else if (Array.isArray(property.examples)) values = property.examples;
    if (values) out.push({ name, values, hiddenWhen: property['x-hidden-when'], default: property.default });
  }
  return out;
}

const hidden = (factor, config) =>
  Boolean(factor.hiddenWhen) && Object.entries(factor.hiddenWhen).every(([field, value]) => config[field] === value);

/** Every valid combination of the factors' values, once each (a hidden field at its
 * default), in a stable order. */
export function combinations(factorList) {
  let partial = [{}];
  for (const factor of factorList) {
    const next = [];
    for (const config of partial) {
      const values = hidden(factor, config) ? [factor.default] : factor.values;
      for (const value of values) next.push({ ...config, [factor.name]: value });
    }
    partial = next;
  }
  return partial;
}

/** A value as a pair names it: agents by their count (any names stand for the count). */
const valueKey = (factor, value) =>
  factor.name === 'agents' ? String((typeof value === 'string' ? value.split(',') : value).length) : JSON.stringify(value);

/** The pairs of (field=value) a config covers, as strings; a field it leaves out is at
 * its default. */
function pairsOf(config, factorList) {
  const full = Object.fromEntries(factorList.map((f) => [f.name, config[f.name] ?? f.default]));
  const shown = factorList.filter((f) => !hidden(f, full)).map((f) => `${f.name}=${valueKey(f, full[f.name])}`);
  const pairs = [];
  for (let i = 0; i < shown.length; i += 1) for (let j = i + 1; j < shown.length; j += 1) pairs.push(`${shown[i]} & ${shown[j]}`);
  return pairs;
}

/** A small set of `candidates` in which every pair of option values that some valid
 * combination has appears at least once, counting the pairs the `seeds` (configs a gate
 * checks anyway) already cover. Greedy: each pick covers the most pairs not yet covered;
 * ties go to the earlier candidate. Returns [{config, covers, pairs}], where `pairs` are
 * those that pick added (`covers` of them). */
export function pairwise(candidates, factorList, seeds = []) {
  const pairs = candidates.map((config) => pairsOf(config, factorList));
  const uncovered = new Set(pairs.flat());
  for (const seed of seeds) for (const pair of pairsOf(seed, factorList)) uncovered.delete(pair);
  const picked = [];
  while (uncovered.size > 0) {
    let best = -1;
    let bestCount = 0;
    pairs.forEach((list, index) => {
      const count = list.reduce((n, pair) => n + (uncovered.has(pair) ? 1 : 0), 0);
      if (count > bestCount) [best, bestCount] = [index, count];
    });
    const added = pairs[best].filter((pair) => uncovered.has(pair));
    for (const pair of added) uncovered.delete(pair);
    picked.push({ config: candidates[best], covers: bestCount, pairs: added });
  }
  return picked;
}

/** The factors whose values change a file that `reads(path)` says a gate reads: each
 * value against two bases, the defaults and every field at its last value (a hidden
 * field against a config that shows it). The config record (.create-agent-app.json)
 * names every value and counts for none. */
export function factorsRead(api, factorList, reads, appName = 'gate-app') {
  const last = Object.fromEntries(factorList.map((f) => [f.name, f.values[f.values.length - 1]]));
  const bases = [{ agents: agentsOf(3) }, last];
  const contents = (config) =>
    new Map(
      api
        .files({ ...config, app_name: appName })
        .filter((f) => reads(f.path) && f.path !== '.create-agent-app.json')
        .map((f) => [f.path, Buffer.from(f.contents).toString('base64')]),
    );
  const differ = (a, b) => a.size !== b.size || [...a].some(([path, text]) => b.get(path) !== text);
  return factorList.filter((factor) =>
    bases.some((base) => {
      const shown = { ...base };
      for (const [field, value] of Object.entries(factor.hiddenWhen ?? {})) {
        const other = factorList.find((f) => f.name === field);
        if ((shown[field] ?? other.default) === value) shown[field] = other.values.find((v) => v !== value);
      }
      const before = contents(shown);
      return factor.values.some((value) => differ(before, contents({ ...shown, [factor.name]: value })));
    }),
  );
}

/** The pairwise covering set for one gate: over the factors it reads (the others at
 * their defaults), on top of the configs it already checks (`seeds`). Returns
 * {factors, picks, pairs}: the factors, the added configs (all named `appName`) and the
 * number of pairs in all. */
export function gateCovering(api, factorList, reads, seeds, appName) {
  const read = factorsRead(api, factorList, reads);
  const candidates = combinations(read);
  // One app name for all: a file the options leave alone is then the same in each, and a
  // gate that caches by content checks it once.
  const picks = pairwise(candidates, read, seeds).map((pick) => ({ ...pick, config: { app_name: appName, ...pick.config } }));
  const total = new Set(candidates.flatMap((config) => pairsOf(config, read))).size;
  return { factors: read, picks, pairs: total };
}

/** What a gate's covering set is and why, for the test's output. */
export function describeCovering(gate, covering, seedNames) {
  const lines = [
    `${gate}: ${covering.pairs} pairs of values of the options it reads (${covering.factors.map((f) => f.name).join(', ')}); ` +
      `${seedNames.length} configs checked anyway (${seedNames.join(', ')}) and ${covering.picks.length} more cover them all:`,
  ];
  for (const { config, covers, pairs } of covering.picks) {
    lines.push(`  ${label(config, covering.factors)} (+${covers}: ${pairs.slice(0, 3).join('; ')}${pairs.length > 3 ? '; …' : ''})`);
  }
  return lines.join('\n');
}

/** A config as one line: only the fields away from their default, agents by count. */
export function label(config, factorList) {
  const parts = [];
  for (const factor of factorList) {
    const value = config[factor.name];
    if (factor.name === 'agents') parts.push(`${value.split(', ').length} agent(s)`);
    else if (value !== factor.default) parts.push(`${factor.name}=${value}`);
  }
  return parts.join(' ') || 'defaults';
}
