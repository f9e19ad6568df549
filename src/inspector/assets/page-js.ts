// The inspector page's script (plain browser JavaScript, no dependencies).
// Everything it shows comes from the server: /inspector/api/* and the live
// stream /inspector/events. (Kept free of backticks and dollar-brace so it
// can live in this String.raw template.)
export const PAGE_JS = String.raw`
(function () {
  'use strict';
  var SVGNS = 'http://www.w3.org/2000/svg';
  var params = new URLSearchParams(location.search);
  // Auth hook: a server with a token accepts it as a bearer header, and (EventSource
  // cannot send headers) as access_token on the stream's URL.
  var token = params.get('token') || '';
  var RESOURCE_KINDS = ['Deployment', 'ReplicaSet', 'Pod', 'Node'];
  var S = {
    client: null, summary: null, prevCounts: {}, chartKind: 'Deployment', charts: {}, selected: null, detail: null,
    fit: true, mode: 'live', atRev: null, atData: null, listTimer: null, storyTimer: null, lastListAt: 0, story: null, listSeq: 0, chartKinds: []
  };

  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) if (attrs[k] !== undefined && attrs[k] !== null) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVGNS, tag);
    if (attrs) for (var k in attrs) if (attrs[k] !== undefined && attrs[k] !== null) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function api(path, init) {
    init = init || {};
    init.headers = init.headers || {};
    if (token) init.headers.authorization = 'Bearer ' + token;
    return fetch(path, init).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) throw new Error(body && body.error ? body.error : ('HTTP ' + r.status));
        return body;
      });
    });
  }
  function qs(o) {
    var p = new URLSearchParams();
    for (var k in o) if (o[k] !== undefined && o[k] !== null && o[k] !== '') p.set(k, o[k]);
    var s = p.toString();
    return s ? '?' + s : '';
  }
  function time(ms) {
    var d = new Date(ms);
    function pad(n, w) { n = String(n); while (n.length < w) n = '0' + n; return n; }
    return pad(d.getHours(), 2) + ':' + pad(d.getMinutes(), 2) + ':' + pad(d.getSeconds(), 2) + '.' + pad(d.getMilliseconds(), 3);
  }
  function selKey(s) { return s ? s.kind + '/' + (s.namespace ? s.namespace + '/' : '') + s.name : ''; }

  // ---- counts ---------------------------------------------------------------
  function currentCounts() {
    if (S.mode === 'past' && S.atData) return S.atData.counts || {};
    return (S.summary && S.summary.objects) || {};
  }
  function renderCounts() {
    var box = $('counts');
    var objects = currentCounts();
    var actors = (S.summary && S.summary.actors) || {};
    var kinds = RESOURCE_KINDS.slice();
    Object.keys(actors).forEach(function (k) { if (kinds.indexOf(k) < 0) kinds.push(k); });
    box.textContent = '';
    kinds.forEach(function (kind) {
      var states = objects[kind] || {};
      var card = el('div', { 'class': 'kind-card', 'data-kind': kind });
      var total = 0; for (var s in states) total += states[s];
      var actorStates = actors[kind] || {};
      var actorTotal = 0; for (var a in actorStates) actorTotal += actorStates[a];
      var h = el('h3', null, kind);
      var isResource = RESOURCE_KINDS.indexOf(kind) >= 0;
      h.appendChild(el('small', null, (isResource ? total + ' objects · ' : '') + actorTotal + ' actors'));
      card.appendChild(h);
      var shown = isResource ? states : actorStates;
      Object.keys(shown).sort().forEach(function (state) {
        var n = shown[state];
        var chip = el('span', { 'class': 'state-count', 'data-state': state, 'data-count': String(n), title: 'show ' + kind + ' in ' + state });
        chip.appendChild(el('b', null, n.toLocaleString()));
        chip.appendChild(document.createTextNode(state));
        var pk = kind + '|' + state;
        if (S.prevCounts[pk] !== undefined && S.prevCounts[pk] !== n) chip.classList.add('changed');
        S.prevCounts[pk] = n;
        chip.addEventListener('click', function () {
          $('f-kind').value = kind; $('f-state').value = state; $('f-name').value = ''; refreshList();
          if (isResource || S.chartKinds.indexOf(kind) >= 0) showChart(kind);
        });
        card.appendChild(chip);
      });
      box.appendChild(card);
    });
    // Say "at revision r" only once r's counts are the ones shown.
    $('counts-note').textContent = S.mode !== 'past' ? 'per kind and state, live'
      : S.atData && S.atData.rev === S.atRev ? 'at revision ' + S.atRev : 'loading revision ' + S.atRev + '…';
    renderBadges();
    if (isActorChart(S.chartKind)) highlight();
  }

  // ---- actor list -------------------------------------------------------------
  function filters() {
    return { kind: $('f-kind').value, namespace: $('f-namespace').value.trim(), name: $('f-name').value.trim(), state: $('f-state').value.trim() };
  }
  function refreshList() {
    clearTimeout(S.listTimer); S.listTimer = null;
    S.lastListAt = Date.now();
    var f = filters();
    if (S.mode === 'past') return loadAt();
    f.limit = 200;
    // Every keystroke in a filter asks again, and answers can come back out of order: only the
    // newest request's answer is shown (an older one would leave the list of an older filter).
    var seq = ++S.listSeq;
    return api('api/actors' + qs(f)).then(function (res) { if (seq === S.listSeq) renderRows(res.rows, res.total, null); }).catch(showError);
  }
  function scheduleList() {
    if (S.listTimer) return;
    var wait = Math.max(0, 1000 - (Date.now() - S.lastListAt));
    S.listTimer = setTimeout(refreshList, wait);
  }
  function renderRows(rows, total, atRev) {
    var tb = $('actors').tBodies[0];
    tb.textContent = '';
    rows.forEach(function (r) {
      var tr = el('tr', { 'data-kind': r.kind, 'data-namespace': r.namespace || '', 'data-name': r.name, 'data-state': r.state });
      tr.appendChild(el('td', null, r.kind));
      tr.appendChild(el('td', null, r.namespace || ''));
      tr.appendChild(el('td', { title: r.name }, r.name));
      tr.appendChild(el('td', { 'class': 'state' }, r.state));
      tr.appendChild(el('td', { title: r.address || '' }, r.address || (RESOURCE_KINDS.indexOf(r.kind) >= 0 ? '–' : '')));
      if (S.selected && selKey(S.selected) === selKey(r)) tr.classList.add('selected');
      if (RESOURCE_KINDS.indexOf(r.kind) >= 0) tr.addEventListener('click', function () { select({ kind: r.kind, namespace: r.namespace, name: r.name }); });
      tb.appendChild(tr);
    });
    $('actors-total').textContent = total.toLocaleString() + ' matching' + (total > rows.length ? ', first ' + rows.length + ' shown' : '') + (atRev ? ' — at revision ' + atRev : '');
  }
  function fillKinds(kinds) {
    var sel = $('f-kind');
    var have = {}; for (var i = 0; i < sel.options.length; i++) have[sel.options[i].value] = true;
    kinds.forEach(function (k) { if (!have[k]) sel.appendChild(el('option', { value: k }, k)); });
  }

  // ---- statecharts ------------------------------------------------------------
  // A tab per kind with a chart: the resource kinds, and actors the server has charts for
  // (api/summary's charts: the scheduler, a parallel machine).
  function tabs(kinds) {
    var nav = $('chart-tabs');
    kinds.forEach(function (k) {
      if (nav.querySelector('button[data-kind="' + k + '"]')) return;
      var b = el('button', { type: 'button', 'data-kind': k }, k);
      if (k === S.chartKind) b.classList.add('active');
      b.addEventListener('click', function () { showChart(k); });
      nav.appendChild(b);
    });
  }
  function isActorChart(kind) { return RESOURCE_KINDS.indexOf(kind) < 0; }
  // An actor kind's states as the runtime counts them; a parallel machine's state names one
  // state per region ("backoff.Clear, cycle.Idle"): counted per region's state.
  function actorStateCounts(kind) {
    var st = (S.summary && S.summary.actors && S.summary.actors[kind]) || {}, out = {};
    Object.keys(st).forEach(function (s) { s.split(', ').forEach(function (p) { out[p] = (out[p] || 0) + st[s]; }); });
    return out;
  }
  function showChart(kind) {
    S.chartKind = kind;
    var bs = $('chart-tabs').querySelectorAll('button');
    for (var i = 0; i < bs.length; i++) bs[i].classList.toggle('active', bs[i].getAttribute('data-kind') === kind);
    if (S.charts[kind]) { drawChart(S.charts[kind]); return Promise.resolve(); }
    return api('api/chart/' + encodeURIComponent(kind)).then(function (view) {
      S.charts[kind] = view;
      if (S.chartKind === kind) drawChart(view);
    }).catch(showError);
  }
  function stateIdFor(view, state) {
    if (!state) return null;
    var ids = {};
    (function walk(s) { ids[s.id] = true; s.children.forEach(walk); })(view.chart.root);
    var parts = state.split('.');
    for (var n = parts.length; n > 0; n--) {
      var id = view.chart.machineId + '.' + parts.slice(0, n).join('.');
      if (ids[id]) return id;
    }
    return null;
  }
  function drawChart(view) {
    var box = $('chart');
    box.textContent = '';
    var g = view.graph;
    var types = {};
    (function walk(s) { types[s.id] = s.type; s.children.forEach(walk); })(view.chart.root);
    var W = Math.ceil(g.width || 400), H = Math.ceil(g.height || 200);
    var fit = S.fit && W > box.clientWidth;
    var root = svg('svg', { width: fit ? '100%' : W, height: fit ? null : H, viewBox: '0 0 ' + W + ' ' + H, 'data-kind': view.kind, 'class': fit ? 'fit' : null });
    root.addEventListener('dblclick', function () { S.fit = !S.fit; drawChart(view); });
    $('chart-zoom').textContent = fit ? 'fit (double-click: 100%)' : (W > box.clientWidth ? '100% (double-click: fit)' : '');
    var defs = svg('defs');
    var marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' });
    marker.appendChild(svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#777' }));
    defs.appendChild(marker); root.appendChild(defs);
    var nodesLayer = svg('g'), edgesLayer = svg('g'), badgeLayer = svg('g', { 'class': 'badges' });
    root.appendChild(nodesLayer); root.appendChild(edgesLayer); root.appendChild(badgeLayer);
    function drawNode(n) {
      var id = n.id;
      if (id.indexOf('#initial') > 0) {
        nodesLayer.appendChild(svg('circle', { 'class': 'dot', cx: n.x + n.width / 2, cy: n.y + n.height / 2, r: 5 }));
        return;
      }
      if (id.indexOf('#any') > 0) {
        var ga = svg('g', { 'class': 'any' });
        ga.appendChild(svg('text', { x: n.x + 2, y: n.y + 10 }, 'any'));
        nodesLayer.appendChild(ga);
        return;
      }
      var type = types[id] || 'atomic';
      var gs = svg('g', { 'class': 'state ' + type + (n.children && n.children.length ? ' compound' : ''), 'data-id': id });
      gs.appendChild(svg('rect', { 'class': 'box', x: n.x, y: n.y, width: n.width, height: n.height, rx: 6 }));
      if (type === 'final') gs.appendChild(svg('rect', { 'class': 'inner', x: n.x + 3, y: n.y + 3, width: n.width - 6, height: n.height - 6, rx: 4 }));
      var label = id.split('.').pop();
      if (n.children && n.children.length) gs.appendChild(svg('text', { x: n.x + 8, y: n.y + 15 }, label + (type === 'parallel' ? ' ∥' : '')));
      else gs.appendChild(svg('text', { x: n.x + n.width / 2, y: n.y + n.height / 2 + 4, 'text-anchor': 'middle' }, label));
      var title = svg('title', null, id);
      gs.appendChild(title);
      nodesLayer.appendChild(gs);
      (n.children || []).forEach(drawNode);
    }
    (g.children || []).forEach(drawNode);
    var sources = {};
    view.chart.transitions.forEach(function (t) { sources[t.id] = t; });
    (g.edges || []).forEach(function (e) {
      var ts = e.id.indexOf('e:') === 0 ? e.id.slice(2).split('+').map(function (id) { return sources[id]; }).filter(Boolean) : [];
      var t = ts[0];
      var ge = svg('g', { 'class': 'edge', 'data-source': t ? t.source : e.sources[0].split('#')[0], 'data-target': e.targets[0], 'data-event': t ? ts.map(function (x) { return x.event; }).join(' ') : 'initial' });
      if (ts.length) ge.appendChild(svg('title', null, ts.map(function (x) { return x.label; }).join('\n')));
      (e.sections || []).forEach(function (s) {
        var d = 'M' + s.startPoint.x + ',' + s.startPoint.y;
        (s.bendPoints || []).forEach(function (p) { d += ' L' + p.x + ',' + p.y; });
        d += ' L' + s.endPoint.x + ',' + s.endPoint.y;
        ge.appendChild(svg('path', { d: d, 'marker-end': 'url(#arrow)' }));
      });
      (e.labels || []).forEach(function (l) {
        if (l.x === undefined) return;
        ge.appendChild(svg('text', { x: l.x, y: l.y + 9 }, l.text));
      });
      edgesLayer.appendChild(ge);
    });
    box.appendChild(root);
    highlight();
    renderBadges();
  }
  function chartNode(id) {
    return id ? $('chart').querySelector('g.state[data-id="' + id + '"]') : null;
  }
  function selectedState() {
    if (isActorChart(S.chartKind)) {
      // One such actor (the scheduler): its state, live only (time travel reads objects).
      var st = S.mode === 'live' && S.summary && S.summary.actors ? S.summary.actors[S.chartKind] || {} : {};
      var names = Object.keys(st);
      return names.length === 1 && st[names[0]] === 1 ? names[0] : null;
    }
    if (!S.selected || S.selected.kind !== S.chartKind) return null;
    if (S.mode === 'past') return S.atData && S.atData.selected ? S.atData.selected.state : null;
    return S.detail ? S.detail.state : null;
  }
  function highlight() {
    var view = S.charts[S.chartKind];
    if (!view) return;
    var all = $('chart').querySelectorAll('g.state');
    for (var i = 0; i < all.length; i++) all[i].classList.remove('current', 'active');
    var state = selectedState();
    if (!state) return;
    // In a parallel machine, one current state per region.
    state.split(', ').forEach(function (one) {
      var id = stateIdFor(view, one);
      var node = chartNode(id);
      if (!node) return;
      node.classList.add('current');
      var parts = id.split('.');
      for (var n = parts.length - 1; n > 1; n--) {
        var p = chartNode(parts.slice(0, n).join('.'));
        if (p) p.classList.add('active');
      }
    });
  }
  function renderBadges() {
    var view = S.charts[S.chartKind];
    var svgEl = $('chart').querySelector('svg');
    if (!view || !svgEl) return;
    var layer = svgEl.querySelector('g.badges');
    layer.textContent = '';
    var counts = isActorChart(S.chartKind) ? (S.mode === 'live' ? actorStateCounts(S.chartKind) : {}) : currentCounts()[S.chartKind] || {};
    var per = {};
    Object.keys(counts).forEach(function (state) {
      var id = stateIdFor(view, state);
      if (id) per[id] = (per[id] || 0) + counts[state];
    });
    Object.keys(per).forEach(function (id) {
      var node = chartNode(id);
      if (!node) return;
      var r = node.querySelector('rect.box');
      var x = Number(r.getAttribute('x')) + Number(r.getAttribute('width'));
      var y = Number(r.getAttribute('y'));
      var text = per[id].toLocaleString();
      var w = 8 + text.length * 6;
      var b = svg('g', { 'class': 'badge', 'data-id': id, 'data-count': String(per[id]) });
      b.appendChild(svg('rect', { x: x - w + 4, y: y - 7, width: w, height: 14, rx: 7 }));
      b.appendChild(svg('text', { x: x - w / 2 + 4, y: y + 3, 'text-anchor': 'middle' }, text));
      layer.appendChild(b);
    });
  }
  function isAncestorOrSelf(a, b) { return a === b || b.indexOf(a + '.') === 0; }
  // States left only by eventless (always) transitions: passed through in the same step, so
  // stateOf never names them. The Deployment goes Progressing -> route -> Complete (object.changed
  // into route, then always [isComplete]): without following route no edge into Complete matched
  // the change and only the state flashed.
  function transientStates(view) {
    if (view.transient) return view.transient;
    var always = {}, other = {};
    view.chart.transitions.forEach(function (t) { if (t.kind === 'always') always[t.source] = true; else other[t.source] = true; });
    for (var k in other) delete always[k];
    view.transient = always;
    return always;
  }
  function animateTransition(kind, from, to) {
    var view = S.charts[kind];
    if (!view || S.chartKind !== kind || !to) return;
    var toId = stateIdFor(view, to), fromId = from ? stateIdFor(view, from) : null;
    var transient = transientStates(view);
    function fromOk(src) { return !fromId || isAncestorOrSelf(src, fromId) || src === view.chart.machineId; }
    var edges = $('chart').querySelectorAll('g.edge');
    var via = {}, i, e, src, tgt;
    for (i = 0; i < edges.length; i++) {
      e = edges[i];
      src = e.getAttribute('data-source'); tgt = e.getAttribute('data-target');
      if (!toId || !isAncestorOrSelf(tgt, toId)) continue;
      if (fromOk(src)) flash(e);
      else if (transient[src]) { flash(e); via[src] = true; }
    }
    // ...and the edge that led into the pass-through state.
    for (i = 0; i < edges.length; i++) {
      e = edges[i];
      src = e.getAttribute('data-source'); tgt = e.getAttribute('data-target');
      if (via[tgt] && fromOk(src)) flash(e);
    }
    var node = chartNode(toId);
    if (node) flash(node);
  }
  function flash(e) { e.classList.remove('flash'); void e.getBoundingClientRect(); e.classList.add('flash'); }

  // ---- selection, detail, story -------------------------------------------------
  function select(sel) {
    S.selected = sel;
    S.detail = null;
    var rows = $('actors').tBodies[0].rows;
    for (var i = 0; i < rows.length; i++) rows[i].classList.toggle('selected', rows[i].getAttribute('data-kind') === sel.kind && rows[i].getAttribute('data-name') === sel.name && rows[i].getAttribute('data-namespace') === (sel.namespace || ''));
    $('records').textContent = '';
    sendSelection();
    showChart(sel.kind);
    api('api/object' + qs(sel)).then(onDetail).catch(showError);
    loadStory();
    if (S.mode === 'past') loadAt();
  }
  function sendSelection() {
    if (!S.client || !S.selected) return;
    api('api/select', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client: S.client, kind: S.selected.kind, namespace: S.selected.namespace, name: S.selected.name }) }).catch(function () {});
  }
  function onDetail(d) {
    if (!S.selected || d.kind !== S.selected.kind || d.name !== S.selected.name) return;
    var before = S.detail ? S.detail.state : null;
    S.detail = d;
    renderDetail();
    if (S.mode === 'live') {
      highlight();
      if (before && d.state && before !== d.state) animateTransition(d.kind, before, d.state);
    }
    (d.records || []).forEach(function (r) { addRecord(r, false); });
  }
  function renderDetail() {
    var d = S.detail, box = $('detail');
    box.textContent = '';
    if (!d) return;
    var dl = el('dl', { id: 'detail-list', 'data-state': d.state || '' });
    function row(k, v) { dl.appendChild(el('dt', null, k)); dl.appendChild(el('dd', null, v)); }
    row('object', d.kind + ' ' + (d.namespace ? d.namespace + '/' : '') + d.name + (d.exists ? '' : ' (gone)'));
    row('state', (d.state || '–') + '  (stateOf, revision ' + (d.rev || '–') + ')');
    row('actor', d.actor ? d.actor.address + ' — runtime: ' + d.actor.status + (d.actor.state && d.actor.state !== d.actor.status ? ' / ' + d.actor.state : '') : 'no actor running for it');
    if (d.object && d.object.spec) row('spec', JSON.stringify(d.object.spec));
    if (d.object && d.object.status) {
      var st = d.object.status;
      var conds = (st.conditions || []).map(function (c) { return c.type + '=' + c.status + (c.reason ? ' (' + c.reason + ')' : ''); }).join(', ');
      if (st.phase) row('phase', st.phase);
      if (st.replicas !== undefined) row('replicas', 'replicas ' + (st.replicas || 0) + ', ready ' + (st.readyReplicas || 0) + ', available ' + (st.availableReplicas || 0) + ', updated ' + (st.updatedReplicas || 0));
      if (conds) row('conditions', conds);
    }
    if (d.revisions && d.revisions.length) row('revisions', d.revisions.join(', '));
    box.appendChild(dl);
  }
  var seenRecords = {};
  function addRecord(r, fresh) {
    var key = r.mid + '|' + r.type + '|' + r.address + '|' + r.at + '|' + (r.state || '');
    if (seenRecords[key]) return;
    seenRecords[key] = true;
    var ul = $('records');
    var txt = time(r.at) + '  ' + (r.type === 'event' ? (r.from || 'runtime') + ' → ' + r.address + '  ' + r.eventType : r.type === 'transition' ? r.address + ' ⇒ ' + r.state : r.address + ' ' + r.lifecycle) + (r.mid !== undefined ? '  #' + r.mid : '') + (r.cause ? '  cause ' + r.cause : '');
    var li = el('li', { title: txt }, txt);
    if (fresh) li.classList.add('new');
    ul.insertBefore(li, ul.firstChild);
    while (ul.children.length > 200) ul.removeChild(ul.lastChild);
  }
  function loadStory() {
    clearTimeout(S.storyTimer); S.storyTimer = null;
    if (!S.selected || S.selected.kind === 'Node') { $('steps').textContent = ''; $('sequence').textContent = ''; return; }
    var want = selKey(S.selected);
    api('api/story' + qs(S.selected)).then(function (story) {
      if (selKey(S.selected) !== want) return;
      S.story = story;
      renderStory(story);
    }).catch(showError);
  }
  function scheduleStory() {
    if (S.storyTimer) return;
    S.storyTimer = setTimeout(loadStory, 1000);
  }
  function renderStory(story) {
    $('story-of').textContent = story.lineage.map(function (m) { return m.actorId; }).join(' → ');
    var ol = $('steps');
    ol.textContent = '';
    story.steps.forEach(function (s) {
      var li = el('li', { 'data-step': String(s.n), 'class': s.found ? 'found' : 'missing' });
      li.appendChild(el('span', { 'class': 'n' }, String(s.n)));
      var body = el('span', null, s.title);
      body.appendChild(el('div', { 'class': 'meta' }, s.from + ' → ' + s.to + (s.rev ? '  · rev ' + s.rev : '') + (s.mid !== undefined ? '  · msg #' + s.mid : '')));
      li.appendChild(body);
      li.appendChild(el('span', { 'class': 'meta' }, s.at ? time(s.at) : ''));
      ol.appendChild(li);
    });
    var stepMsgs = story.steps.map(function (s) { return { at: s.at, from: s.from, to: s.to, label: s.title, n: s.n, found: s.found, kind: s.to === 'journal' ? 'write' : 'deliver', rev: s.rev, mid: s.mid }; });
    drawSequence($('sequence'), story.participants, stepMsgs, true);
    $('trace-count').textContent = String(story.messages.length);
    drawSequence($('trace'), story.participants, story.messages, false);
  }
  function drawSequence(box, participants, msgs, numbered) {
    box.textContent = '';
    var colW = 118, left = 86, top = 34, rowH = 24;
    var cols = {};
    var ps = participants.slice();
    msgs.forEach(function (m) { [m.from, m.to].forEach(function (p) { if (p && ps.indexOf(p) < 0 && p !== '?') ps.push(p); }); });
    ps.forEach(function (p, i) { cols[p] = left + i * colW + colW / 2; });
    var width = left + ps.length * colW + 10, height = top + msgs.length * rowH + 20;
    var root = svg('svg', { width: width, height: height, 'class': numbered ? 'steps-diagram' : 'trace-diagram' });
    var defs = svg('defs');
    var mk = svg('marker', { id: numbered ? 'seqarrow' : 'seqarrow2', viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '6', markerHeight: '6', orient: 'auto-start-reverse' });
    mk.appendChild(svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#444' }));
    defs.appendChild(mk); root.appendChild(defs);
    ps.forEach(function (p) {
      var x = cols[p];
      root.appendChild(svg('line', { 'class': 'lifeline', x1: x, y1: top - 8, x2: x, y2: height - 4 }));
      var g = svg('g', { 'class': 'participant' });
      g.appendChild(svg('rect', { x: x - colW / 2 + 4, y: 4, width: colW - 8, height: 20, rx: 3 }));
      var label = p.length > 19 ? '…' + p.slice(p.length - 18) : p;
      g.appendChild(svg('text', { x: x, y: 18, 'text-anchor': 'middle' }, label));
      g.appendChild(svg('title', null, p));
      root.appendChild(g);
    });
    msgs.forEach(function (m, i) {
      var y = top + i * rowH + 14;
      var x1 = cols[m.from], x2 = cols[m.to];
      var g = svg('g', { 'class': 'msg ' + (m.kind || '') + (m.found === false ? ' missing' : ''), 'data-step': m.n !== undefined ? String(m.n) : null });
      if (m.at) g.appendChild(svg('text', { 'class': 'time', x: 2, y: y + 3 }, time(m.at)));
      if (x1 !== undefined && x2 !== undefined) {
        if (x1 === x2) g.appendChild(svg('path', { d: 'M' + x1 + ',' + (y - 4) + ' h24 v8 h-22', fill: 'none', stroke: '#444', 'marker-end': 'url(#' + (numbered ? 'seqarrow' : 'seqarrow2') + ')' }));
        else g.appendChild(svg('line', { x1: x1, y1: y, x2: x2, y2: y, 'marker-end': 'url(#' + (numbered ? 'seqarrow' : 'seqarrow2') + ')' }));
        var label = (numbered ? '' : '') + m.label + (m.rev && !numbered ? '' : '');
        if (label.length > 46) label = label.slice(0, 45) + '…';
        g.appendChild(svg('text', { x: Math.min(x1, x2) + 4, y: y - 4 }, label));
      }
      if (numbered) g.appendChild(svg('text', { 'class': 'num', x: left - 14, y: y + 4 }, String(m.n)));
      g.appendChild(svg('title', null, (m.label || '') + (m.rev ? ' · rev ' + m.rev : '') + (m.mid !== undefined ? ' · msg #' + m.mid : '') + (m.cause ? ' · cause ' + m.cause : '')));
      root.appendChild(g);
    });
    box.appendChild(root);
  }

  // ---- time travel --------------------------------------------------------------
  var scrubTimer = null;
  function updateScrubber() {
    if (!S.summary) return;
    var sc = $('scrubber');
    sc.min = String(Math.max(1, S.summary.compacted || 0));
    sc.max = String(Math.max(1, S.summary.revision));
    if (S.mode === 'live') sc.value = sc.max;
    $('revision').textContent = String(S.summary.revision);
  }
  function onScrub() {
    var sc = $('scrubber');
    var rev = Number(sc.value);
    if (rev >= Number(sc.max) && S.mode === 'live') return;
    S.mode = 'past';
    S.atRev = rev;
    $('at-rev').setAttribute('data-mode', 'past');
    $('at-rev').textContent = 'revision ' + rev;
    $('live').disabled = false;
    clearTimeout(scrubTimer);
    scrubTimer = setTimeout(loadAt, 150);
  }
  function loadAt() {
    if (S.mode !== 'past' || !S.atRev) return;
    var f = filters();
    f.rev = S.atRev; f.limit = 200;
    if (S.selected) f.select = S.selected.kind + '/' + (S.selected.namespace ? S.selected.namespace + '/' : '') + S.selected.name;
    var want = S.atRev;
    return api('api/at' + qs(f)).then(function (res) {
      if (S.mode !== 'past' || S.atRev !== want) return;
      S.atData = res;
      $('at-rev').textContent = 'revision ' + res.rev;
      renderRows(res.rows, res.total, res.rev);
      renderCounts();
      highlight();
    }).catch(function (e) { $('at-rev').textContent = 'revision ' + want + ': ' + e.message; });
  }
  function backToLive() {
    clearTimeout(scrubTimer); scrubTimer = null;
    S.mode = 'live'; S.atData = null; S.atRev = null;
    $('at-rev').setAttribute('data-mode', 'live');
    $('at-rev').textContent = 'live';
    $('live').disabled = true;
    updateScrubber(); renderCounts(); highlight(); refreshList();
  }

  // ---- the live stream ------------------------------------------------------------
  function connect() {
    var es = new EventSource('events' + (token ? '?access_token=' + encodeURIComponent(token) : ''));
    var conn = $('conn');
    es.addEventListener('open', function () { conn.setAttribute('data-state', 'open'); conn.textContent = 'live'; });
    es.addEventListener('error', function () { conn.setAttribute('data-state', 'error'); conn.textContent = 'reconnecting…'; });
    es.addEventListener('hello', function (e) {
      S.client = JSON.parse(e.data).client;
      sendSelection();
    });
    es.addEventListener('counts', function (e) {
      S.summary = JSON.parse(e.data);
      updateScrubber();
      if (S.mode === 'live') { renderCounts(); scheduleList(); }
      if (S.selected) scheduleStory();
    });
    es.addEventListener('transitions', function (e) {
      if (S.mode !== 'live') return;
      JSON.parse(e.data).forEach(function (batch) {
        batch.items.forEach(function (t) { animateTransition(t.kind, t.from, t.to); });
      });
    });
    es.addEventListener('actor', function (e) { onDetail(JSON.parse(e.data)); });
    es.addEventListener('records', function (e) { JSON.parse(e.data).forEach(function (r) { addRecord(r, true); }); });
  }
  function showError(e) { console.warn('inspector:', e && e.message ? e.message : e); }

  function init() {
    tabs(RESOURCE_KINDS);
    $('filters').addEventListener('input', function () { refreshList(); });
    $('filters').addEventListener('submit', function (e) { e.preventDefault(); });
    $('scrubber').addEventListener('input', onScrub);
    $('live').addEventListener('click', backToLive);
    api('api/summary').then(function (s) { S.summary = s; fillKinds(s.kinds || []); S.chartKinds = s.charts || []; tabs(S.chartKinds); updateScrubber(); renderCounts(); }).catch(showError);
    showChart(S.chartKind);
    refreshList();
    connect();
  }
  init();
})();
`;
