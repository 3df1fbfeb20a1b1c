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

/** The pairs of (field=value) a config covers, as strings. */
function pairsOf(config, factorList) {
  const shown = factorList.filter((f) => !hidden(f, config)).map((f) => `${f.name}=${JSON.stringify(config[f.name])}`);
  const pairs = [];
  for (let i = 0; i < shown.length; i += 1) for (let j = i + 1; j < shown.length; j += 1) pairs.push(`${shown[i]} & ${shown[j]}`);
  return pairs;
}

/** A small set of `candidates` in which every pair of option values that some valid
 * combination has appears at least once (greedy: each pick covers the most pairs not yet
 * covered; ties go to the earlier candidate). Returns [{config, covers}], where `covers`
 * counts the pairs that pick added. */
export function pairwise(candidates, factorList) {
  const pairs = candidates.map((config) => pairsOf(config, factorList));
  const uncovered = new Set(pairs.flat());
  const picked = [];
  while (uncovered.size > 0) {
    let best = -1;
    let bestCount = 0;
    pairs.forEach((list, index) => {
      const count = list.reduce((n, pair) => n + (uncovered.has(pair) ? 1 : 0), 0);
      if (count > bestCount) [best, bestCount] = [index, count];
    });
    for (const pair of pairs[best]) uncovered.delete(pair);
    picked.push({ config: candidates[best], covers: bestCount });
  }
  return picked;
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
