// ebmsim dashboard. Reads the JSON API and Server-Sent Events of /api/ (protobuf's JSON of the
// gRPC messages) with fetch(), so that a bearer token can be sent on every request (EventSource
// cannot send headers). Plots are drawn on <canvas> by the small Chart below; no libraries.
'use strict';

const TOKEN_KEY = 'ebmsim.dashboard.token';
const MAX_POINTS = 4000;           // per series; older points are thinned, not dropped
const MAX_ARRAY_SERIES = 16;       // numeric arrays longer than this (e.g. per-chain log-weights) are not plotted
const COLORS = ['#2f6fde', '#1a7f37', '#c53030', '#b7791f', '#7b3fe4', '#0f8b8d', '#d53f8c', '#4a5568'];

const $ = (id) => document.getElementById(id);
let selected = null;   // {id, modelId, stream: AbortController, charts: Map}
let imageShape = null; // {height, width} of the selected session's model, when it is an image

// ---- requests -------------------------------------------------------------------------------

function headers(extra) {
  const h = Object.assign({}, extra || {});
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) h['Authorization'] = 'Bearer ' + token;
  return h;
}

async function api(path, options) {
  const opts = Object.assign({}, options || {});
  opts.headers = headers(opts.headers);
  const response = await fetch(path, opts);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const err = new Error(body.message || response.statusText);
    err.status = response.status;
    err.code = body.code;
    throw err;
  }
  return body;
}

// ---- session list ---------------------------------------------------------------------------

function num(v) { return v === undefined || v === null ? NaN : Number(v); }

async function refreshSessions() {
  try {
    const list = await api('/api/sessions');
    $('connection').textContent = 'live';
    renderSessions(list.sessions || []);
  } catch (e) {
    $('connection').textContent = e.status === 401 || e.status === 403 ? 'token needed: ' + e.message : 'offline: ' + e.message;
  }
}

function renderSessions(sessions) {
  const body = $('sessions').tBodies[0];
  body.textContent = '';
  $('sessions-empty').hidden = sessions.length > 0;
  for (const s of sessions) {
    const tr = document.createElement('tr');
    tr.dataset.id = s.id;
    tr.dataset.state = s.state;
    if (selected && selected.id === s.id) tr.classList.add('selected');
    const total = num(s.total), done = num(s.done);
    const frac = total > 0 ? Math.min(1, done / total) : 0;
    for (const text of [s.id, s.kind, s.state, s.modelId]) {
      const td = document.createElement('td');
      td.textContent = text;
      if (text === s.state) td.className = 'state ' + s.state;
      tr.appendChild(td);
    }
    const td = document.createElement('td');
    td.innerHTML = '<span class="bar"><span></span></span> ';
    td.firstChild.firstChild.style.width = (100 * frac).toFixed(1) + '%';
    td.appendChild(document.createTextNode((100 * frac).toFixed(0) + '%'));
    tr.appendChild(td);
    tr.addEventListener('click', () => select(s));
    body.appendChild(tr);
    if (selected && selected.id === s.id) setState(s.state);
  }
}

// ---- plots ----------------------------------------------------------------------------------

/** A line chart on a canvas: named series of (x, y) points, optionally with a band (lo, hi). */
class Chart {
  constructor(key, title) {
    this.key = key;
    this.series = new Map();
    this.points = 0;
    this.box = document.createElement('div');
    this.box.className = 'plot';
    this.box.dataset.plot = key;
    this.label = document.createElement('div');
    this.label.className = 'title';
    this.label.innerHTML = '<span></span><span></span>';
    this.label.firstChild.textContent = title;
    this.canvas = document.createElement('canvas');
    this.canvas.id = 'plot-' + key;
    this.canvas.dataset.points = '0';
    this.box.append(this.label, this.canvas);
    this.dirty = false;
  }

  add(name, x, y, band) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    let s = this.series.get(name);
    if (!s) {
      s = { color: COLORS[this.series.size % COLORS.length], pts: [] };
      this.series.set(name, s);
    }
    s.pts.push(band ? [x, y, band[0], band[1]] : [x, y]);
    if (s.pts.length > MAX_POINTS) s.pts = s.pts.filter((_, i) => i % 2 === 0 || i === s.pts.length - 1);
    this.points++;
    this.canvas.dataset.points = String(this.points);
    this.label.lastChild.textContent = name + ' ' + formatNumber(y);
    this.dirty = true;
  }

  draw() {
    if (!this.dirty) return;
    this.dirty = false;
    const c = this.canvas, ratio = window.devicePixelRatio || 1;
    const w = c.clientWidth || 340, h = c.clientHeight || 180;
    if (c.width !== Math.round(w * ratio)) { c.width = Math.round(w * ratio); c.height = Math.round(h * ratio); }
    const g = c.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, w, h);
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (const s of this.series.values()) for (const p of s.pts) {
      x0 = Math.min(x0, p[0]); x1 = Math.max(x1, p[0]);
      y0 = Math.min(y0, p.length > 2 ? p[2] : p[1]); y1 = Math.max(y1, p.length > 2 ? p[3] : p[1]);
    }
    if (!Number.isFinite(x0)) return;
    if (x1 === x0) x1 = x0 + 1;
    if (y1 === y0) { y0 -= 0.5; y1 += 0.5; }
    const left = 58, right = 8, top = 8, bottom = 20;
    const X = (x) => left + (x - x0) / (x1 - x0) * (w - left - right);
    const Y = (y) => top + (1 - (y - y0) / (y1 - y0)) * (h - top - bottom);
    g.strokeStyle = '#d9dde5'; g.fillStyle = '#6b7385'; g.font = '10px sans-serif'; g.lineWidth = 1;
    for (let i = 0; i <= 4; i++) {
      const y = y0 + (y1 - y0) * i / 4;
      g.beginPath(); g.moveTo(left, Y(y)); g.lineTo(w - right, Y(y)); g.stroke();
      g.fillText(tick(y, y1 - y0), 2, Y(y) + 3);
    }
    g.fillText(tick(x0, x1 - x0), left, h - 5);
    const xr = tick(x1, x1 - x0);
    g.fillText(xr, w - right - g.measureText(xr).width, h - 5);
    let legendX = left + 4;
    for (const [name, s] of this.series) {
      if (s.pts.length && s.pts[0].length > 2) { // the error band
        g.fillStyle = s.color + '33';
        g.beginPath();
        s.pts.forEach((p, i) => (i ? g.lineTo(X(p[0]), Y(p[3])) : g.moveTo(X(p[0]), Y(p[3]))));
        for (let i = s.pts.length - 1; i >= 0; i--) g.lineTo(X(s.pts[i][0]), Y(s.pts[i][2]));
        g.closePath(); g.fill();
      }
      g.strokeStyle = s.color; g.lineWidth = 1.5;
      g.beginPath();
      s.pts.forEach((p, i) => (i ? g.lineTo(X(p[0]), Y(p[1])) : g.moveTo(X(p[0]), Y(p[1]))));
      g.stroke();
      if (s.pts.length === 1) { g.fillStyle = s.color; g.fillRect(X(s.pts[0][0]) - 2, Y(s.pts[0][1]) - 2, 4, 4); }
      if (this.series.size > 1) {
        g.fillStyle = s.color; g.fillText(name, legendX, top + 10);
        legendX += g.measureText(name).width + 10;
      }
    }
  }
}

function formatNumber(v) {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(2);
  return String(Math.round(v * 1000) / 1000);
}

/** A tick label with as many decimals as the axis' span needs to tell neighbouring ticks apart. */
function tick(v, span) {
  if (Math.abs(v) >= 1e5 || (span > 0 && span < 1e-4)) return v.toExponential(3);
  const decimals = Math.max(0, Math.min(6, 2 - Math.floor(Math.log10(span > 0 ? span : 1))));
  return v.toFixed(decimals);
}

function chart(key, title) {
  let c = selected.charts.get(key);
  if (!c) {
    c = new Chart(key, title);
    selected.charts.set(key, c);
    $('plots').appendChild(c.box);
  }
  return c;
}

/** Plots every numeric leaf of {@code obj} (and short numeric arrays) under {@code prefix}, generically. */
function plotNumbers(prefix, obj, x, skip) {
  for (const [k, v] of Object.entries(obj || {})) {
    if (skip && skip.has(k)) continue;
    const key = prefix + '.' + k;
    if (typeof v === 'number' || (typeof v === 'string' && v !== '' && !isNaN(Number(v)) && /^-?[\d.]/.test(v))) {
      chart(key, key).add(k, x, Number(v));
    } else if (Array.isArray(v) && v.length > 0 && v.length <= MAX_ARRAY_SERIES && v.every((e) => typeof e === 'number')) {
      const c = chart(key, key);
      v.forEach((e, i) => c.add(k + '[' + i + ']', x, e));
    } else if (v && typeof v === 'object' && !Array.isArray(v)) {
      plotNumbers(key, v, x, null);
    }
  }
}

// ---- events ---------------------------------------------------------------------------------

function onEvent(type, e) {
  if (num(e.dropped) > 0) {
    selected.dropped += num(e.dropped);
    $('detail-dropped').textContent = selected.dropped + ' progress events dropped (the page fell behind)';
  }
  const p = e[type];
  switch (type) {
    case 'started': log('started: ' + p.kind + ', ' + p.chains + ' chains, model ' + p.modelId); break;
    case 'annealProgress': {
      const x = num(p.sweep);
      const en = chart('energy', 'energy (min / mean / max) vs sweep');
      en.add('min', x, num(p.energy.min)); en.add('mean', x, num(p.energy.mean)); en.add('max', x, num(p.energy.max));
      chart('temperature', 'temperature vs sweep').add('T', x, num(p.temperature));
      chart('flip', 'flip / acceptance rate vs sweep').add('rate', x, num(p.flipRate));
      chart('best', 'best energy vs sweep').add('best', x, num(p.bestEnergy));
      plotNumbers('anneal', p, x, new Set(['sweep', 'step', 'temperature', 'energy', 'flipRate', 'totalSweeps',
        'samples', 'bestEnergy']));
      samples(p.samples);
      break;
    }
    case 'temperProgress': {
      const x = num(p.sweep);
      const en = chart('energy', 'mean energy per temperature (level 0 coldest) vs sweep');
      (p.energyPerTemperature || []).forEach((st, i) => en.add('level ' + i, x, num(st.mean)));
      chart('barrier', 'communication barrier Λ vs sweep').add('Λ', x, num(p.barrier));
      chart('trips', 'round trips per swap round and ladder vs sweep').add('rate', x, num(p.roundTripRate));
      plotNumbers('temper', p, x, new Set(['sweep', 'totalSweeps', 'tuning', 'energyPerTemperature', 'samples',
        'sampleLevels', 'barrier', 'roundTripRate', 'ladders', 'swapRounds', 'roundTrips']));
      samples(p.samples);
      break;
    }
    case 'completeProgress': {
      const x = num(p.sweep);
      chart('energy', 'mean energy vs sweep').add('mean', x, num(p.energy));
      chart('temperature', 'temperature vs sweep').add('T', x, num(p.temperature));
      chart('flip', 'flip rate vs sweep').add('rate', x, num(p.flipRate));
      plotNumbers('complete', p, x, new Set(['sweep', 'energy', 'temperature', 'flipRate', 'totalSweeps']));
      break;
    }
    case 'partitionFunctionProgress': {
      const x = num(p.step);
      chart('beta', 'β vs AIS step').add('β', x, num(p.beta));
      if (p.hasLogZ) {
        const z = num(p.logZ), se = num(p.stdError);
        chart('logz', 'running log Ẑ ± standard error').add('log Ẑ', x, z, [z - se, z + se]);
        // the band is often thinner than a line at the scale of log Ẑ: the error on its own scale
        chart('logzse', 'standard error of log Ẑ').add('σ', x, se);
      }
      chart('ess', 'effective sample size').add('ESS', x, num(p.effectiveSampleSize));
      plotNumbers('ais', p, x, new Set(['step', 'totalSteps', 'beta', 'logZ', 'hasLogZ', 'stdError',
        'effectiveSampleSize', 'logWeights']));
      break;
    }
    case 'trainProgress': {
      const x = num(p.batches);
      chart('lr', 'learning rate vs batch').add('rate', x, num(p.learningRate));
      plotNumbers('train', p, x, new Set(['epoch', 'batchInEpoch', 'batchesPerEpoch', 'batches', 'totalBatches',
        'epochEnd', 'learningRate', 'modelVersion', 'samples', 'elapsedSeconds']));
      samples(p.samples);
      break;
    }
    case 'hamReport': {
      // a hierarchical associative memory: the energy must fall (deterministic) or fluctuate (Langevin)
      const x = num(p.step);
      chart('energy', 'energy vs step').add('E', x, num(p.energy));
      chart('change', 'largest unit change per step').add('max |Δx|', x, num(p.maxChange));
      break;
    }
    case 'steered': log('steered at sweep ' + p.sweep + ': ' + JSON.stringify(p.action)); break;
    case 'paused': setState('PAUSED'); log('paused'); break;
    case 'resumed': setState('RUNNING'); log('resumed'); break;
    case 'ended': setState(p.state); log('ended: ' + p.state + (p.reason ? ' (' + p.reason + ')' : '')); break;
    case 'error': log('stream error: ' + e.code + ' ' + e.message); break;
    default:
      if (p && typeof p === 'object') {
        if (type.endsWith('Progress')) {
          // a progress event this page does not know (e.g. a new kind of session): plot its numbers
          plotNumbers(type, p, num(e.sequence), null);
        } else {
          // a result: its headline numbers in the log
          log(type + ': ' + summary(p).join(', '));
          if (p.best) samples([p.best]);
        }
      }
  }
}

/** "name value" of the scalar numbers of {@code obj} (nested ones by path), at most 12. */
function summary(obj, prefix, out) {
  out = out || [];
  for (const [k, v] of Object.entries(obj || {})) {
    if (out.length >= 12) break;
    const key = prefix ? prefix + '.' + k : k;
    if (typeof v === 'number' || (typeof v === 'string' && /^-?\d+(\.\d+)?(e-?\d+)?$/.test(v))) out.push(key + ' ' + formatNumber(Number(v)));
    else if (v && typeof v === 'object' && !Array.isArray(v)) summary(v, key, out);
  }
  return out;
}

function log(text) {
  const li = document.createElement('li');
  li.textContent = new Date().toLocaleTimeString() + '  ' + text;
  const ol = $('log');
  ol.appendChild(li);
  while (ol.children.length > 200) ol.removeChild(ol.firstChild);
  ol.scrollTop = ol.scrollHeight;
}

function setState(state) {
  const el = $('detail-state');
  el.textContent = state;
  el.className = 'state ' + state;
  el.dataset.state = state;
}

/** Reads the session's Server-Sent Events with fetch (headers allowed) until the stream ends or is aborted. */
async function readEvents(session) {
  const response = await fetch('/api/sessions/' + encodeURIComponent(session.id) + '/events',
    { headers: headers({ Accept: 'text/event-stream' }), signal: session.stream.signal });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    log('cannot watch: ' + (body.message || response.statusText));
    return;
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let type = 'message', data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) type = line.slice(6).trim();
        else if (line.startsWith('data:')) data += line.slice(5).trimStart();
      }
      if (data && selected === session) onEvent(type, JSON.parse(data));
    }
  }
  if (selected === session) log('event stream closed');
}

// ---- sample states as images ----------------------------------------------------------------

function unpackBits(base64, count) {
  const bytes = Uint8Array.from(atob(base64 || ''), (ch) => ch.charCodeAt(0));
  const out = new Float32Array(count);
  for (let k = 0; k < count; k++) out[k] = (bytes[k >> 3] >> (k & 7)) & 1;
  return out;
}

/** Row 0 of a LayerState as numbers in [0, 1] (bits: 0/1; levels and reals scaled to their range). */
function layerValues(state) {
  const n = num(state.cols);
  if (state.type === 'VALUE_SPIN' || state.type === 'VALUE_BINARY') return unpackBits(state.bits, n);
  const raw = (state.type === 'VALUE_CATEGORICAL' ? state.levels : state.values || []).slice(0, n).map(Number);
  const lo = Math.min(...raw), hi = Math.max(...raw);
  return Float32Array.from(raw, (v) => (hi > lo ? (v - lo) / (hi - lo) : 0.5));
}

function samples(chainStates) {
  if (!chainStates || chainStates.length === 0) return;
  const box = $('samples');
  box.textContent = '';
  $('samples-title').hidden = false;
  for (const cs of chainStates.slice(0, 16)) {
    const visible = (cs.layers || [])[0];
    if (!visible) continue;
    const v = layerValues(visible), n = v.length;
    const shaped = imageShape && imageShape.height * imageShape.width <= n && imageShape.height > 0;
    const width = shaped ? imageShape.width : Math.ceil(Math.sqrt(n));
    const height = shaped ? imageShape.height : Math.ceil(n / width);
    const canvas = document.createElement('canvas');
    canvas.width = width; canvas.height = height;
    const g = canvas.getContext('2d'), img = g.createImageData(width, height);
    for (let k = 0; k < width * height; k++) {
      const shade = k < n ? Math.round(255 * (1 - v[k])) : 230; // high (+1 / 1) units dark, as the CLI's '#'
      img.data.set([shade, shade, shade, 255], 4 * k);
    }
    g.putImageData(img, 0, 0);
    canvas.style.height = Math.round(112 * height / width) + 'px';
    const fig = document.createElement('figure');
    const cap = document.createElement('figcaption');
    cap.textContent = 'chain ' + (cs.chain || 0) + ', E ' + formatNumber(num(cs.energy));
    fig.append(canvas, cap);
    box.appendChild(fig);
  }
}

// ---- selection and controls -----------------------------------------------------------------

async function select(s) {
  if (selected) selected.stream.abort();
  selected = { id: s.id, modelId: s.modelId, stream: new AbortController(), charts: new Map(), dropped: 0 };
  imageShape = null;
  $('detail').hidden = false;
  $('detail-title').textContent = s.kind + ' ' + s.id;
  $('detail-dropped').textContent = '';
  $('plots').textContent = '';
  $('samples').textContent = '';
  $('samples-title').hidden = true;
  $('log').textContent = '';
  setState(s.state);
  // only annealing and completion run at a temperature the user can set
  const steerable = s.kind === 'anneal' || s.kind === 'complete';
  $('temp-value').disabled = $('temp-set').disabled = !steerable;
  for (const tr of $('sessions').tBodies[0].rows) tr.classList.toggle('selected', tr.dataset.id === s.id);
  const session = selected;
  try {
    const model = await api('/api/models/' + encodeURIComponent(s.modelId));
    if (model.imageShape && model.imageShape.height > 0) imageShape = model.imageShape;
  } catch (e) { /* the model may be deleted; states are then drawn square */ }
  readEvents(session).catch((e) => { if (e.name !== 'AbortError') log('event stream failed: ' + e.message); });
}

async function control(action, body) {
  if (!selected) return;
  const msg = $('control-message');
  msg.textContent = action + '…';
  try {
    const answer = await api('/api/sessions/' + encodeURIComponent(selected.id) + '/' + action, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body || {}) });
    msg.textContent = action + ': ' + (answer.state || ('takes effect at sweep ' + answer.sweep));
    if (answer.state) setState(answer.state);
    refreshSessions();
  } catch (e) {
    msg.textContent = action + ' refused (' + (e.code || e.status) + '): ' + e.message;
  }
}

$('pause').addEventListener('click', () => control('pause'));
$('resume').addEventListener('click', () => control('resume'));
$('stop').addEventListener('click', () => control('stop'));
$('temp-set').addEventListener('click', () => control('temperature', { value: Number($('temp-value').value) }));
$('token').value = sessionStorage.getItem(TOKEN_KEY) || '';
$('token').addEventListener('change', () => {
  const t = $('token').value.trim();
  if (t) sessionStorage.setItem(TOKEN_KEY, t); else sessionStorage.removeItem(TOKEN_KEY);
  refreshSessions();
});

function frame() {
  if (selected) for (const c of selected.charts.values()) c.draw();
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);
refreshSessions();
setInterval(refreshSessions, 1000);
