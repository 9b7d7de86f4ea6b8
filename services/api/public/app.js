// The review search page: search with filters, similar reviews, the similarity
// of two picked results, and the 2D map with the current hits highlighted.
'use strict';

const $ = (selector) => document.querySelector(selector);
const state = { hits: new Set(), searched: false, picked: [], projection: null, mapText: '', rating: { label: 'rating', max: 5 }, group: 'group' };

async function api(path, body) {
  const response = await fetch(path, body === undefined ? {} : {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
  if (!response.ok) throw new Error(data.error || `HTTP ${response.status}`);
  return data;
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === 'className') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

// A rating as stars when the build's ratings are 1 to 5 stars, else as its number ("score 8").
function stars(rating) {
  if (rating === null || rating === undefined) return '';
  if (state.rating.max > 5 || rating < 0) return `${state.rating.label} ${rating}`;
  const full = Math.max(0, Math.min(5, Math.round(rating)));
  return '★'.repeat(full) + '☆'.repeat(5 - full);
}

// The live build's own words for its fields (GET /collections: the mapping its source was read with):
// a filter for a role its source had no column for is hidden, the others are labelled with the column's name.
async function applySchema() {
  const { live, collections } = await api('/collections').catch(() => ({ collections: [] }));
  const schema = collections.find((c) => c.name === live)?.schema;
  if (!schema) return;
  const { mapping, fields } = schema;
  for (const role of ['rating', 'group', 'date']) {
    for (const label of document.querySelectorAll(`[data-role="${role}"]`)) {
      label.hidden = mapping[role] === null;
      const name = label.querySelector('.role-name');
      if (name && mapping[role]) name.textContent = role === 'group' ? `Group (${mapping[role]})` : `rating (${mapping[role]})`;
    }
  }
  const range = fields.overall;
  if (mapping.rating && range && range.type === 'number') {
    state.rating = { label: mapping.rating, max: range.max };
    const whole = Number.isInteger(range.min) && Number.isInteger(range.max) && range.max - range.min <= 10;
    const values = whole ? Array.from({ length: range.max - range.min + 1 }, (_, i) => String(range.min + i)) : null;
    for (const key of ['minRating', 'maxRating']) {
      const control = document.querySelector(`[name="${key}"]`);
      const options = [...control.querySelectorAll('option')].slice(1).map((o) => o.textContent);
      if (values && options.join() === values.join()) continue; // already so: a choice made meanwhile stays
      control.replaceWith(values
        ? element('select', { name: key }, element('option', { value: '' }, 'any'), ...values.map((v) => element('option', {}, v)))
        : element('input', { name: key, type: 'number', step: 'any', min: String(range.min), max: String(range.max), size: '6' }));
    }
  }
  if (mapping.group) state.group = mapping.group;
}

// What a result's score is, by how it was ranked: a short label beside each
// score, and a sentence under the search status.
const COSINE = { label: 'cosine', title: 'cosine similarity to the query: 1 = same meaning, near 0 = unrelated' };
function scoreKind(mode, fusion) {
  if (mode === 'dense') {
    return { ...COSINE, note: 'Score: cosine similarity of the review to the query (1 = same meaning, near 0 = unrelated).' };
  }
  if (mode === 'sparse') {
    return {
      label: 'BM25',
      title: 'BM25 score: how well the query\'s words match the review; no upper bound',
      note: 'Score: BM25 keyword score (how well the query\'s words match the review). It has no upper bound and compares only results of the same search.',
    };
  }
  const how = fusion && fusion.method === 'convex'
    ? `${fusion.dense} × the dense score + ${fusion.sparse} × the BM25 score, each rescaled to 0–1 within its list`
    : fusion ? `each list adds its weight ÷ (${fusion.k} + the result's rank in it); weights dense ${fusion.dense}, BM25 ${fusion.sparse}` : 'reciprocal rank fusion';
  return {
    label: 'fused',
    title: 'fused rank score of the dense and BM25 lists (hybrid search), not a similarity',
    note: `Score: the fused rank score of the dense (meaning) and BM25 (words) result lists (${how}). It orders the results; it is not a similarity.`,
  };
}

function reviewItem({ id, score, review, duplicates }, { actions = true, kind = COSINE } = {}) {
  const text = review.reviewText.length > 400 ? `${review.reviewText.slice(0, 400)}…` : review.reviewText;
  const item = element('li', { 'data-id': id },
    element('div', { className: 'review-head' },
      element('span', { className: 'score-kind muted', title: kind.title }, kind.label),
      element('span', { className: 'score', title: kind.title }, score.toFixed(3)),
      element('strong', {}, review.summary || '(no title)'),
      element('span', { className: 'stars', 'aria-label': `${review.overall} stars` }, stars(review.overall)),
    ),
    element('p', { className: 'review-text' }, text),
  );
  if (duplicates) {
    item.append(element('p', { className: 'muted duplicates', title: duplicates.ids.join('\n') }, `and ${duplicates.count} more like it`));
  }
  if (actions) {
    const compare = element('input', { type: 'checkbox', className: 'compare', onchange: () => pick(id, compare.checked) });
    item.append(element('div', { className: 'review-actions' },
      element('button', { type: 'button', className: 'similar-button', onclick: () => showSimilar(id) }, 'Similar reviews'),
      element('label', {}, compare, ' compare'),
      element('span', { className: 'muted' }, `${review.textLength} chars · ${review.asin}`),
    ));
  }
  return item;
}

async function search(event) {
  event.preventDefault();
  const form = new FormData(event.target);
  const body = { query: form.get('query') };
  for (const key of ['minRating', 'maxRating', 'minLength', 'maxLength', 'limit']) {
    if (form.get(key)) body[key] = Number(form.get(key));
  }
  if (form.get('group')) body.group = form.get('group');
  for (const key of ['dateFrom', 'dateTo']) if (form.get(key)) body[key] = form.get(key);
  if (form.get('mode')) body.mode = form.get('mode');
  const status = $('#search-status');
  const note = $('#score-note');
  status.textContent = 'Searching…';
  status.className = '';
  try {
    const { results, took_ms, fusion } = await api('/search', body);
    const kind = scoreKind(body.mode, fusion);
    $('#results').replaceChildren(...results.map((r) => reviewItem(r, { kind })));
    status.textContent = results.length
      ? `${results.length} ${results.length === 1 ? 'review' : 'reviews'} in ${took_ms} ms.`
      : await nothingFound(body);
    note.textContent = kind.note;
    note.hidden = results.length === 0;
    state.hits = new Set(results.map((r) => r.id));
    state.searched = true;
    state.picked = [];
    $('#similarity').replaceChildren();
    highlightHits();
  } catch (error) {
    status.textContent = error.message;
    status.className = 'error';
  }
}

// The filters on the page, with how to widen each.
const FILTERS = {
  minRating: (v) => [`min rating ${v}`, 'lower the min rating'],
  maxRating: (v) => [`max rating ${v}`, 'raise the max rating'],
  minLength: (v) => [`min length ${v}`, 'lower the min length'],
  maxLength: (v) => [`max length ${v}`, 'raise the max length'],
  group: (v) => [`${state.group} ${v}`, `clear the ${state.group}`],
  dateFrom: (v) => [`from ${v}`, 'move the from date earlier'],
  dateTo: (v) => [`to ${v}`, 'move the to date later'],
};

// Why a search found nothing: with filters, whether they excluded every match
// (the same search without them finds some), and how to widen them.
async function nothingFound(body) {
  const used = Object.keys(FILTERS).filter((key) => body[key] !== undefined).map((key) => FILTERS[key](body[key]));
  if (used.length === 0) return `No review matched “${body.query}”.`;
  const unfiltered = { query: body.query, limit: 1, ...(body.mode ? { mode: body.mode } : {}) };
  const { results } = await api('/search', unfiltered).catch(() => ({ results: null }));
  const names = used.map(([name]) => name).join(', ');
  if (results && results.length === 0) return `No review matched “${body.query}”, even without the filters (${names}).`;
  const widen = `To widen them, ${used.map(([, how]) => how).join(', or ')}, or clear them.`;
  return results
    ? `0 reviews: the filters (${names}) excluded every match; without them this search finds reviews. ${widen}`
    : `0 reviews passed the filters (${names}). ${widen}`;
}

async function showSimilar(id) {
  const panel = $('#similar-panel');
  panel.hidden = false;
  $('#similar').replaceChildren(element('li', {}, 'Loading…'));
  try {
    const { review, results } = await api(`/reviews/${id}/similar?limit=5`);
    $('#similar-to').textContent = review.review.reviewText.slice(0, 300);
    $('#similar').replaceChildren(...results.map((r) => reviewItem(r, { actions: false, kind: COSINE })));
  } catch (error) {
    $('#similar').replaceChildren(element('li', { className: 'error' }, error.message));
  }
  $('#similar-heading').focus();
}

async function pick(id, checked) {
  state.picked = state.picked.filter((other) => other !== id);
  if (checked) state.picked.push(id);
  if (state.picked.length > 2) {
    const dropped = state.picked.shift();
    const box = document.querySelector(`#results li[data-id="${dropped}"] .compare`);
    if (box) box.checked = false;
  }
  if (state.picked.length < 2) return;
  const [a, b] = state.picked;
  const out = $('#similarity');
  try {
    const result = await api('/similarity', { a: { id: a }, b: { id: b } });
    out.replaceChildren(
      element('p', { className: 'value' }, result.similarity.toFixed(3)),
      element('p', {}, result.reading),
      element('blockquote', {}, result.a.text.slice(0, 200)),
      element('blockquote', {}, result.b.text.slice(0, 200)),
      element('details', {}, element('summary', {}, 'What the values mean'),
        element('p', {}, result.scale.near1), element('p', {}, result.scale.near0), element('p', {}, result.scale.negative)),
    );
  } catch (error) {
    out.replaceChildren(element('p', { className: 'error' }, error.message));
  }
}

const SVG = 'http://www.w3.org/2000/svg';
const MAP = { width: 800, height: 520, pad: 16 };

async function drawMap(event) {
  if (event) event.preventDefault();
  const form = new FormData($('#map-form'));
  const params = new URLSearchParams({ method: form.get('method'), sample: form.get('sample'), seed: form.get('seed') });
  $('#map-svg-link').href = `/projection.svg?${params}`;
  const status = $('#map-status');
  status.textContent = 'Computing the map…';
  try {
    const projection = await api(`/projection?${params}`);
    state.projection = projection;
    const xs = projection.points.map((p) => p.x);
    const ys = projection.points.map((p) => p.y);
    const scale = (values, size) => {
      const low = Math.min(...values);
      const span = Math.max(...values) - low || 1;
      return (v) => MAP.pad + ((v - low) / span) * (size - 2 * MAP.pad);
    };
    const sx = scale(xs, MAP.width);
    const sy = scale(ys, MAP.height);
    const map = $('#map');
    map.replaceChildren(...projection.points.map((p) => {
      const circle = document.createElementNS(SVG, 'circle');
      circle.setAttribute('cx', sx(p.x).toFixed(1));
      circle.setAttribute('cy', (MAP.height - sy(p.y)).toFixed(1));
      circle.setAttribute('r', '3.5');
      circle.setAttribute('class', `point ${p.lengthClass}`);
      circle.dataset.id = p.id;
      circle.addEventListener('mouseenter', (e) => showTooltip(p, e));
      circle.addEventListener('mouseleave', hideTooltip);
      return circle;
    }));
    state.mapText = `${projection.method.toUpperCase()} of ${projection.sample} reviews (${projection.model}); ` +
      `short ≤ ${projection.lengthSplit} characters < long.`;
    status.textContent = state.mapText;
    highlightHits();
  } catch (error) {
    status.textContent = error.message;
  }
}

function highlightHits() {
  let shown = 0;
  for (const circle of document.querySelectorAll('#map circle.point')) {
    const hit = state.hits.has(circle.dataset.id);
    circle.classList.toggle('hit', hit);
    if (hit) {
      circle.setAttribute('r', '6');
      circle.parentNode.append(circle); // draw hits on top
      shown += 1;
    } else {
      circle.setAttribute('r', '3.5');
    }
  }
  // The line always speaks of the latest search, never of an earlier one.
  if (state.projection && state.searched) {
    const total = state.hits.size;
    $('#map-status').textContent = `${state.mapText} ` + (total === 0
      ? 'Your last search had no results, so none are marked.'
      : `${shown} of your ${total} ${total === 1 ? 'result is' : 'results are'} in this sample.`);
  }
}

function showTooltip(point, event) {
  const tip = $('#map-tooltip');
  tip.replaceChildren(
    element('strong', {}, point.summary || '(no title)'),
    element('div', {}, `${stars(point.rating)} · ${point.textLength} chars`),
    element('p', {}, point.excerpt),
  );
  tip.hidden = false;
  const box = $('#map').getBoundingClientRect();
  tip.style.left = `${Math.max(0, Math.min(event.clientX - box.left + 12, box.width - tip.offsetWidth))}px`;
  tip.style.top = `${event.clientY - box.top + 12}px`;
}

function hideTooltip() {
  $('#map-tooltip').hidden = true;
}

$('#search-form').addEventListener('submit', search);
$('#map-form').addEventListener('submit', drawMap);
drawMap();
applySchema();
