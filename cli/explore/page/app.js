// The explore page: the URL fragment holds the model, its parameters and the path of successor
// ordinals ("#/om?n=3&f=1/path=0.2.1"); every change of path is a change of the fragment, so Back
// in the browser, a bookmark and a shared link all reproduce the same state. The server does the
// work (/api/state re-executes the path); this script only draws what it answers.
'use strict';

let model = null;   // the answer of /api/model
let current = null; // the answer of /api/state for the path shown
let onlyOneInitial = false; // then the page starts in it, and Back never leaves it
let guide = null;   // the path of a loaded trace or a check's trace, which Forward steps along

const $ = (id) => document.getElementById(id);

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function showMessage(text, isError) {
  const box = $('message');
  box.hidden = !text;
  box.textContent = text || '';
  box.className = isError ? 'error' : '';
}

async function api(url, options) {
  let response;
  try {
    response = await fetch(url, options);
  } catch (error) {
    throw new Error('The protocheck server does not answer: is protocheck explore still running?');
  }
  const body = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) throw new Error(body.error || 'request failed (' + response.status + ')');
  return body;
}

// The path the fragment names, or null (with a message) when it names another model or
// other parameters than this server explores.
function pathFromFragment() {
  const hash = decodeURIComponent(location.hash);
  if (hash === '' || hash === '#') return '';
  const prefix = decodeURIComponent(model.fragment_prefix);
  if (hash.startsWith(prefix)) return hash.slice(prefix.length);
  const at = hash.lastIndexOf('/path=');
  const wanted = at < 0 ? hash : hash.slice(0, at);
  showMessage('This link is for ' + wanted.slice(2) + ', but this server explores ' +
              model.model + ' with ' + model.params_text +
              ': start protocheck explore with those parameters to open it.', true);
  return null;
}

function go(path) {
  location.hash = model.fragment_prefix + path;
}

function parentPath(path) {
  const at = path.lastIndexOf('.');
  return at < 0 ? '' : path.slice(0, at);
}

// The guide's path one step further than `path`, or null when `path` is not on the guide.
function nextOnGuide(path) {
  if (guide === null) return null;
  const here = path === '' ? [] : path.split('.');
  const along = guide.split('.');
  if (here.length >= along.length || here.some((ordinal, k) => ordinal !== along[k])) return null;
  return along.slice(0, here.length + 1).join('.');
}

function changesText(changes) {
  return changes.map((c) => c.name + ' = ' + c.value).join(', ');
}

function stepWords(step) {
  return step.message && !step.action.includes(step.message)
    ? step.action + ' [' + step.message + ']' : step.action;
}

function drawChoices(state) {
  const list = $('choices');
  list.replaceChildren();
  $('choices-heading').textContent = state.started ? 'Enabled steps' : 'Initial states';
  $('terminal').hidden = !(state.started && state.terminal);
  for (const choice of state.choices) {
    const item = element('li');
    const button = element('button');
    button.type = 'button';
    button.dataset.ordinal = choice.ordinal;
    button.append(element('span', stepWords(choice), 'action'));
    button.append(element('span', changesText(choice.changes) || 'changes nothing', 'changes'));
    button.addEventListener('click', () =>
      go(state.path === '' ? String(choice.ordinal) : state.path + '.' + choice.ordinal));
    item.append(button);
    list.append(item);
  }
}

function drawHistory(state) {
  const list = $('history');
  list.replaceChildren();
  if (!state.started) return;
  const ordinals = state.path.split('.');
  const start = element('li', 'initial state', ordinals.length === 1 ? 'current' : '');
  start.addEventListener('click', () => go(ordinals[0]));
  list.append(start);
  state.steps.forEach((step, k) => {
    const item = element('li', stepWords(step), k + 2 === ordinals.length ? 'current' : '');
    item.dataset.step = k + 1;
    item.append(element('span', changesText(step.changes), 'changes'));
    item.addEventListener('click', () => go(ordinals.slice(0, k + 2).join('.')));
    list.append(item);
  });
}

function drawState(state) {
  const body = $('state').tBodies[0];
  body.replaceChildren();
  for (const variable of state.state) {
    const row = element('tr', undefined, variable.changed ? 'changed' : '');
    row.dataset.name = variable.name;
    row.append(element('td', variable.name), element('td', variable.value));
    body.append(row);
  }
}

const statusWords = {
  'holds': 'holds', 'violated': 'VIOLATED', 'not-judged': 'not judged here',
  'witness': 'satisfied here (witness)', 'not-here': 'not satisfied here',
  'value': 'measure', 'goal-here': 'goal holds here', 'goal-not-here': 'goal does not hold here',
};

function drawProperties(state) {
  const list = $('properties');
  list.replaceChildren();
  for (const property of state.properties) {
    const item = element('li', undefined, property.status);
    item.dataset.name = property.name;
    item.dataset.status = property.status;
    item.title = property.description;
    item.append(element('span', property.name + ' (' + property.kind + '): ', 'name'));
    item.append(element('span', statusWords[property.status] || property.status, 'status'));
    if (property.detail) item.append(element('span', property.detail, 'detail'));
    list.append(item);
  }
}

function drawChart(state) {
  const chart = $('chart');
  if (!state.chart) {
    chart.replaceChildren(element('p', 'Take a step to start the chart.', 'hint'));
    return;
  }
  // The SVG comes from the server's chart renderer, which escapes every text it draws.
  const parsed = new DOMParser().parseFromString(state.chart, 'image/svg+xml');
  chart.replaceChildren(document.importNode(parsed.documentElement, true));
  chart.scrollTop = chart.scrollHeight;
}

let shown = 0; // the number of the latest request for a state: only its answer is drawn

async function show() {
  const path = pathFromFragment();
  if (path === null) return;
  const ticket = ++shown;
  try {
    const state = await api('/api/state?path=' + encodeURIComponent(path));
    if (ticket !== shown) return; // the user has moved on while this answer was on its way
    // A model with one initial state starts there: there is nothing to choose before it.
    if (!state.started && state.choices.length === 1) {
      history.replaceState(null, '', model.fragment_prefix + '0');
      return show();
    }
    current = state;
    drawChoices(state);
    drawHistory(state);
    drawState(state);
    drawProperties(state);
    drawChart(state);
    $('forward').disabled = nextOnGuide(state.path) === null;
    // Before the first step there is nothing to undo (nor before the initial state, if chosen).
    $('back').disabled = state.path === '' || (onlyOneInitial && !state.path.includes('.'));
    $('link').href = location.href;
    document.body.dataset.path = state.path; // for tests and for people reading the page source
    if (!$('message').classList.contains('keep')) showMessage('');
    $('message').classList.remove('keep');
  } catch (error) {
    showMessage(error.message, true);
  }
}

async function runCheck() {
  const button = $('check');
  button.disabled = true;
  showMessage('Checking ' + model.model + ' (' + model.params_text + ') ...');
  try {
    const result = await api('/api/check', { method: 'POST' });
    const box = $('check-result');
    box.replaceChildren(element('h2', 'check: ' + result.outcome + ', ' + result.states +
                                      ' states, ' + result.seconds.toFixed(2) + ' s'));
    if (result.partial_reason) box.append(element('p', result.partial_reason));
    const list = element('ul');
    for (const property of result.properties) {
      const item = element('li', property.name + ': ' + property.verdict +
                                 (property.explanation ? ' (' + property.explanation + ')' : ''));
      item.dataset.name = property.name;
      if (property.loop_start !== null)
        item.append(' (from step ' + (property.loop_start + 1) + ' on, the steps repeat forever)');
      if (property.path !== null) {
        const jump = element('button', 'show the ' + property.trace_shows + ' ' + property.name);
        jump.type = 'button';
        jump.className = 'jump';
        jump.dataset.path = property.path;
        jump.addEventListener('click', () => {
          guide = property.path;
          go(property.path);
        });
        item.append(' ', jump);
      }
      list.append(item);
    }
    box.append(list);
    box.hidden = false;
    showMessage('');
  } catch (error) {
    showMessage(error.message, true);
  } finally {
    button.disabled = false;
  }
}

async function loadTrace(file) {
  try {
    if (file.size > 16 * 1024 * 1024) throw new Error('the trace file is larger than 16 MiB');
    const text = await file.text();
    const result = await api('/api/trace', { method: 'POST', body: text,
                                            headers: { 'Content-Type': 'application/json' } });
    showMessage('Trace of ' + result.property + ' loaded: ' +
                (result.confirmed ? 'confirmed, ' : 'NOT confirmed, ') + result.message +
                '. Restart and step through it with Forward, or click a step of the run.',
                !result.confirmed);
    $('message').classList.add('keep');
    guide = result.path;
    go(result.path);
  } catch (error) {
    showMessage(error.message, true);
  }
}

async function start() {
  try {
    model = await api('/api/model');
  } catch (error) {
    showMessage(error.message, true);
    return;
  }
  $('model-name').textContent = model.model + ' (' + model.params_text + ')';
  document.title = 'protocheck explore: ' + model.model;
  const before = await api('/api/state?path=');
  onlyOneInitial = before.choices.length === 1;
  $('back').addEventListener('click', () => {
    if (!current || current.path === '') return;
    const up = parentPath(current.path);
    go(up === '' && onlyOneInitial ? current.path : up);
  });
  $('forward').addEventListener('click', () => {
    const next = current && nextOnGuide(current.path);
    if (next !== null) go(next);
  });
  $('restart').addEventListener('click', () => go(onlyOneInitial ? '0' : ''));
  $('check').addEventListener('click', runCheck);
  $('trace-file').addEventListener('change', (event) => {
    if (event.target.files.length > 0) loadTrace(event.target.files[0]);
    event.target.value = '';
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Backspace' && event.target === document.body) $('back').click();
  });
  window.addEventListener('hashchange', show);
  await show();
}

start();
