// A form built from the config's JSON Schema: one labelled control per field, the agents
// as an editable list, and each validation error shown beside the field it names.

const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key in node && key !== 'list') node[key] = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
};

/** [{value, description}] for an enum property, or null. */
export function choices(schema, property) {
  const def = property.$ref ? schema.$defs[property.$ref.replace('#/$defs/', '')] : property;
  if (def?.oneOf?.every((o) => 'const' in o)) return def.oneOf.map((o) => ({ value: o.const, description: o.description ?? '' }));
  if (Array.isArray(def?.enum)) return def.enum.map((value) => ({ value, description: '' }));
  return null;
}

/** Text with `code` spans (as the schema's descriptions are written) as DOM nodes. */
const withCode = (text) => text.split('`').map((part, i) => (i % 2 ? el('code', {}, part) : part));

const fieldId = (field) => `field-${field.replace(/[^\w]+/g, '-')}`;
const errorId = (field) => `error-${field.replace(/[^\w]+/g, '-')}`;

/** The role an agent ends up with (the first is the orchestrator unless one is named). */
export function effectiveRole(agents, index) {
  const agent = agents[index];
  if (agent.role) return agent.role;
  const named = agents.some((a) => a.role === 'orchestrator');
  return !named && index === 0 ? 'orchestrator' : 'worker';
}

/**
 * Renders the form into `root` for `config`; calls `onChange(config)` after every edit.
 * Returns {showErrors(errors), setConfig(config)}.
 */
export function buildForm(root, schema, config, onChange, { compact = false } = {}) {
  let state = structuredClone(config);
  const changed = () => {
    render();
    onChange(structuredClone(state));
  };

  function control(key, property) {
    const id = fieldId(key);
    const describedBy = `${id}-help ${errorId(key)}`;
    const options = choices(schema, property);
    if (options) {
      return el(
        'select',
        { id, name: key, 'aria-describedby': describedBy, onchange: (e) => ((state[key] = e.target.value), changed()) },
        ...options.map((o) => el('option', { value: o.value, selected: state[key] === o.value, title: o.description }, o.value)),
      );
    }
    if (property.type === 'boolean') {
      return el('input', { id, name: key, type: 'checkbox', checked: !!state[key], 'aria-describedby': describedBy, onchange: (e) => ((state[key] = e.target.checked), changed()) });
    }
    const multiline = key === 'app_description';
    return el(multiline ? 'textarea' : 'input', {
      id,
      name: key,
      value: state[key] ?? '',
      rows: multiline ? 2 : undefined,
      type: multiline ? undefined : 'text',
      autocomplete: 'off',
      spellcheck: multiline,
      placeholder: key === 'app_title' ? 'derived from the app name' : undefined,
      'aria-describedby': describedBy,
      oninput: (e) => {
        state[key] = e.target.value;
        onChange(structuredClone(state)); // no re-render while typing: keep the caret
      },
    });
  }

  function agentsEditor(property) {
    const agents = state.agents;
    const set = (fn) => () => {
      fn();
      changed();
    };
    const rows = agents.map((agent, i) => {
      const base = `agents[${i}]`;
      const input = (name, extra) =>
        el('input', {
          id: fieldId(`${base}.${name}`),
          value: agent[name] ?? '',
          type: 'text',
          autocomplete: 'off',
          'aria-label': `Agent ${i + 1} ${name}`,
          'aria-describedby': errorId(`${base}.${name}`),
          oninput: (e) => {
            agents[i][name] = e.target.value;
            onChange(structuredClone(state));
          },
          ...extra,
        });
      return el(
        'li',
        { class: 'agent' },
        input('name', { class: 'agent-name', placeholder: 'snake_case name' }),
        el(
          'select',
          {
            id: fieldId(`${base}.role`),
            'aria-label': `Agent ${i + 1} role`,
            'aria-describedby': errorId(`${base}.role`),
            onchange: (e) => {
              // Pin every role first, so the change cannot move "first by default".
              agents.forEach((a, j) => (a.role = effectiveRole(agents, j)));
              agents[i].role = e.target.value;
              changed();
            },
          },
          ...['orchestrator', 'worker'].map((r) => el('option', { value: r, selected: effectiveRole(agents, i) === r }, r)),
        ),
        input('description', { class: 'agent-description', placeholder: 'what it does (optional)' }),
        el('span', { class: 'agent-buttons' },
          el('button', { type: 'button', 'aria-label': `Move agent ${i + 1} up`, disabled: i === 0, onclick: set(() => agents.splice(i - 1, 0, agents.splice(i, 1)[0])) }, '↑'),
          el('button', { type: 'button', 'aria-label': `Move agent ${i + 1} down`, disabled: i === agents.length - 1, onclick: set(() => agents.splice(i + 1, 0, agents.splice(i, 1)[0])) }, '↓'),
          el('button', { type: 'button', 'aria-label': `Remove agent ${i + 1}`, disabled: agents.length === 1, onclick: set(() => agents.splice(i, 1)) }, '✕'),
        ),
        el('p', { class: 'error', id: errorId(`${base}.name`), role: 'alert', hidden: true }),
        el('p', { class: 'error', id: errorId(`${base}.role`), role: 'alert', hidden: true }),
        el('p', { class: 'error', id: errorId(`${base}.description`), role: 'alert', hidden: true }),
      );
    });
    return el(
      'fieldset',
      { class: 'agents', id: fieldId('agents'), 'aria-describedby': `${fieldId('agents')}-help ${errorId('agents')}` },
      el('legend', {}, property.title),
      el('ol', {}, ...rows),
      el('button', { type: 'button', class: 'add', disabled: agents.length >= (property.maxItems ?? 16), onclick: set(() => agents.push({ name: '', description: '' })) }, '+ Add agent'),
    );
  }

  function render() {
    const focused = document.activeElement?.id;
    const fields = Object.entries(schema.properties).filter(([key]) => !compact || ['app_name', 'agents', 'vectors', 'async_service', 'auth_provider', 'guides'].includes(key));
    root.replaceChildren(
      el('p', { class: 'error form-error', id: errorId(''), role: 'alert', hidden: true }),
      ...fields.map(([key, property]) => {
        const when = property['x-hidden-when'] ?? {};
        const hidden = Object.entries(when).some(([k, v]) => state[k] === v);
        const help = el('p', { class: 'help', id: `${fieldId(key)}-help` }, ...withCode((property.description ?? '').split('\n')[0]));
        const body = key === 'agents' ? [agentsEditor(property), help] : [el('label', { for: fieldId(key) }, property.title), control(key, property), help];
        return el('div', { class: `field field-${key}`, hidden }, ...body, el('p', { class: 'error', id: errorId(key), role: 'alert', hidden: true }));
      }),
    );
    if (focused) document.getElementById(focused)?.focus();
  }

  render();
  return {
    /** Shows `errors` ([{field, message}]) beside their fields; clears the others. */
    showErrors(errors) {
      for (const node of root.querySelectorAll('.error')) {
        node.hidden = true;
        node.textContent = '';
      }
      for (const node of root.querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
      for (const { field, message } of errors) {
        // The most specific element that exists: agents[1].name, then agents, then the form.
        let target = field;
        while (target && !document.getElementById(errorId(target))) target = target.replace(/(\.[^.[\]]+|\[\d+\])$/, '') === target ? '' : target.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
        const node = root.querySelector(`#${errorId(target)}`) ?? root.querySelector(`#${errorId('')}`);
        node.hidden = false;
        node.textContent = node.textContent ? `${node.textContent} ${message}` : target === field ? message : `${field}: ${message}`;
        root.querySelector(`#${fieldId(target)}`)?.setAttribute('aria-invalid', 'true');
      }
    },
    setConfig(config) {
      state = structuredClone(config);
      render();
    },
  };
}
