// The mre4j page: sends the text to POST /v1/extract and draws what comes back. Everything it shows comes from the
// server's answer; nothing is computed here except the layout. No external resources, no inline script (CSP).
'use strict';

const PALETTE = ['#ffd166', '#8ecae6', '#b5e48c', '#f4a3c1', '#cdb4db', '#ffb703', '#90e0ef', '#f6bd60',
  '#a8dadc', '#e9c46a', '#c5e1a5', '#ffccbc'];
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;

let schema = null;
let apiKey = '';
let lastAnswer = null;

const $ = (id) => document.getElementById(id);

function element(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function headers(json) {
  const h = {};
  if (json) h['Content-Type'] = 'application/json';
  if (apiKey) h['Authorization'] = 'Bearer ' + apiKey;
  return h;
}

function setStatus(message, isError) {
  const status = $('status');
  status.textContent = message;
  status.className = isError ? 'error' : '';
}

// A span label's colour: its place in the model's span labels, so that a label keeps its colour between texts.
function colour(label) {
  const labels = schema ? schema.spanLabels : [];
  let i = labels.indexOf(label);
  if (i < 0) {
    i = 0;
    for (const c of label) i = (i * 31 + c.charCodeAt(0)) >>> 0;
  }
  return PALETTE[i % PALETTE.length];
}

async function loadSchema() {
  const response = await fetch('v1/schema', {headers: headers(false)});
  if (response.status === 401) {
    $('auth').hidden = false;
    setStatus('This server needs an API key.', true);
    return;
  }
  const answer = await response.json();
  schema = answer.schema;
  const select = $('lang');
  select.replaceChildren();
  const languages = schema.languages.length ? schema.languages : ['en'];
  for (const lang of languages) {
    const option = element('option', null, lang);
    option.value = lang;
    select.appendChild(option);
  }
  const model = answer.model || {};
  $('model-summary').textContent = 'model: ' + (schema.name || 'unnamed') + ' (' + languages.join(', ') + '), '
    + schema.textLabels.length + ' text labels, ' + schema.spanLabels.length + ' span labels'
    + (model.mode ? ', mode ' + model.mode : '');
}

function chooseLanguage(lang) {
  const select = $('lang');
  if ([...select.options].some((o) => o.value === lang)) select.value = lang;
}

async function extract() {
  const text = $('text').value;
  if (!text.trim()) {
    setStatus('Type a text first.', true);
    return;
  }
  apiKey = $('api-key').value.trim();
  const body = {text: text, evidence: $('evidence-toggle').checked};
  if ($('lang').value) body.lang = $('lang').value;
  setStatus('Extracting…', false);
  $('extract').disabled = true;
  try {
    const response = await fetch('v1/extract', {method: 'POST', headers: headers(true), body: JSON.stringify(body)});
    const answer = await response.json();
    if (!response.ok) {
      if (response.status === 401) $('auth').hidden = false;
      setStatus('Error ' + response.status + ': ' + answer.error, true);
      return;
    }
    if (!schema) await loadSchema();
    lastAnswer = answer;
    render(answer);
    setStatus((answer.warnings || []).join(' '), false);
  } catch (e) {
    setStatus('The server did not answer: ' + e.message, true);
  } finally {
    $('extract').disabled = false;
  }
}

function render(answer) {
  const doc = answer.documents[0];
  const scores = (doc.scores && doc.scores.labels) || {};
  renderLabels(doc, scores);
  renderSpans(doc);
  const evidencePanel = $('evidence-panel');
  evidencePanel.hidden = !answer.evidence;
  if (answer.evidence) renderEvidence(doc, answer.evidence[0], scores);
  $('json').textContent = JSON.stringify(answer, null, 2);
  $('copy-status').textContent = '';
  $('results').hidden = false;
}

function renderLabels(doc, scores) {
  const list = $('labels');
  list.replaceChildren();
  const names = Object.keys(scores).length ? Object.keys(scores) : doc.labels;
  for (const name of names.slice(0, 8)) {
    const p = scores[name];
    const item = element('li', doc.labels.includes(name) ? 'label predicted' : 'label');
    item.dataset.label = name;
    item.appendChild(element('span', 'label-name', name));
    const bar = element('span', 'bar');
    const fill = element('span');
    fill.style.width = (p === undefined ? 0 : Math.round(p * 1000) / 10) + '%';
    bar.appendChild(fill);
    item.appendChild(bar);
    item.appendChild(element('span', 'value', p === undefined ? '' : (p * 100).toFixed(1) + '%'));
    list.appendChild(item);
  }
}

function renderSpans(doc) {
  const target = $('highlighted');
  target.replaceChildren();
  target.lang = doc.lang || '';
  const spans = doc.spans.map((s, i) => ({...s, score: doc.scores && doc.scores.spans ? doc.scores.spans[i] : undefined}))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  let at = 0;
  const used = [];
  for (const span of spans) {
    if (span.start < at) continue; // overlapping spans: the page shows the first
    target.appendChild(document.createTextNode(doc.text.slice(at, span.start)));
    const mark = element('mark', 'span', doc.text.slice(span.start, span.end));
    mark.dataset.label = span.label;
    mark.style.backgroundColor = colour(span.label);
    mark.title = span.label + (span.score === undefined ? '' : ' ' + (span.score * 100).toFixed(1) + '%');
    mark.appendChild(element('span', 'tag', span.label));
    target.appendChild(mark);
    if (!used.includes(span.label)) used.push(span.label);
    at = span.end;
  }
  target.appendChild(document.createTextNode(doc.text.slice(at)));
  const legend = $('legend');
  legend.replaceChildren();
  if (!used.length) legend.appendChild(element('li', 'note', 'No spans predicted.'));
  for (const label of used) {
    const item = element('li');
    item.dataset.label = label;
    const swatch = element('span', 'swatch');
    swatch.style.backgroundColor = colour(label);
    item.appendChild(swatch);
    item.appendChild(element('span', null, label));
    legend.appendChild(item);
  }
}

function renderEvidence(doc, evidence, scores) {
  const target = $('evidence');
  target.replaceChildren();
  if (!evidence.spans.length) {
    target.appendChild(element('p', 'note', 'No spans predicted: there is nothing to remove.'));
    return;
  }
  if (!evidence.labels.length) {
    target.appendChild(element('p', 'note', 'The model predicts no text label.'));
    return;
  }
  const largest = Math.max(0.01, ...evidence.spans.flatMap((s) => Object.values(s.effect).map(Math.abs)));
  for (const label of evidence.labels) {
    const p = scores[label];
    target.appendChild(element('p', 'evidence-label',
      label + (p === undefined ? '' : ' (' + (p * 100).toFixed(1) + '%)')));
    for (const span of evidence.spans) {
      const effect = span.effect[label];
      const row = element('div', 'effect-row');
      row.dataset.label = label;
      row.dataset.span = span.span;
      row.dataset.effect = effect;
      const surface = element('span', 'surface', span.surface + ' [' + span.label + ']');
      surface.title = 'without it: "' + span.textWithout + '" → ' + span.labelsWithout.join(', ');
      row.appendChild(surface);
      const down = element('span', 'down');
      const up = element('span', 'up');
      const fill = element('span');
      fill.style.width = Math.round(Math.abs(effect) / largest * 100) + '%';
      (effect < 0 ? down : up).appendChild(fill);
      row.appendChild(down);
      row.appendChild(up);
      row.appendChild(element('span', 'value', (effect > 0 ? '+' : '') + (effect * 100).toFixed(1) + ' pt'));
      target.appendChild(row);
    }
  }
}

async function copyJson() {
  const text = $('json').textContent;
  try {
    await navigator.clipboard.writeText(text);
  } catch (e) {
    // Without the clipboard API (an insecure origin), copy through a selection.
    const area = element('textarea');
    area.value = text;
    document.body.appendChild(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  $('copy-status').textContent = 'Copied.';
}

document.addEventListener('DOMContentLoaded', () => {
  for (const button of document.querySelectorAll('button.example')) {
    button.addEventListener('click', () => {
      $('text').value = button.dataset.text;
      chooseLanguage(button.dataset.lang);
    });
  }
  $('text').addEventListener('input', () => {
    if (JAPANESE.test($('text').value)) chooseLanguage('ja');
  });
  $('extract').addEventListener('click', extract);
  $('text').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) extract();
  });
  $('copy').addEventListener('click', copyJson);
  $('api-key').addEventListener('change', () => {
    apiKey = $('api-key').value.trim();
    loadSchema().catch((e) => setStatus(e.message, true));
  });
  loadSchema().catch((e) => setStatus('Could not read the model schema: ' + e.message, true));
});
