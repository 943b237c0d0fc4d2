/* Search for the public site. Reads the index wuye writes under
   search/ (see src/site/search.rs: the token and term rules here must stay
   the same as there). Works on any static host over http(s); the page says
   so in a <noscript> when JavaScript is off. */
(function () {
  'use strict';
  var box = document.getElementById('search');
  if (!box) { return; }
  var D = box.dataset;
  var root = D.root || '';
  var shards = parseInt(D.shards, 10) || 1;
  var chunk = parseInt(D.chunk, 10) || 100;
  var BODY = parseInt(D.body, 10) || 100000;
  var PER = 10;
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var more = document.getElementById('search-more');
  var input = document.querySelector('.search-box input[name=q]');
  var q = (new URLSearchParams(window.location.search).get('q') || '').trim();
  if (input) { input.value = q; }

  function msg(key, vars) {
    var s = D[key] || '';
    Object.keys(vars || {}).forEach(function (k) { s = s.split('{' + k + '}').join(String(vars[k])); });
    return s;
  }
  function say(text) { status.textContent = text; }

  var ASCII = /[A-Za-z0-9]/;
  var ALNUM = /[\p{Alphabetic}\p{N}]/u;
  /* Text to [position, isWord, text] tokens: as `tokens` in search.rs. */
  function tokens(text) {
    var out = [], pos = 0, word = '', gap = true;
    for (var c of text) {
      if (ASCII.test(c)) { word += c.toLowerCase(); continue; }
      if (word) { out.push([pos, true, word]); pos++; word = ''; gap = false; }
      if (ALNUM.test(c)) { out.push([pos, false, c]); pos++; gap = false; }
      else if (!gap) { pos++; gap = true; }
    }
    if (word) { out.push([pos, true, word]); }
    return out;
  }
  /* The terms a phrase must have, each with its offset in the phrase. A lone
     Han character between words counts (indexed at run ends); one alone does not. */
  function phraseTerms(group) {
    var toks = tokens(group), terms = [];
    var han = function (i, pos) { var t = toks[i]; return t && !t[1] && t[0] === pos ? t[2] : null; };
    toks.forEach(function (t, i) {
      if (t[1]) { terms.push([t[2], t[0]]); return; }
      var next = han(i + 1, t[0] + 1), prev = i > 0 ? han(i - 1, t[0] - 1) : null;
      if (next) { terms.push([t[2] + next, t[0]]); } else if (!prev) { terms.push([t[2], t[0]]); }
    });
    if (toks.length === 1 && !toks[0][1]) { return null; }
    return terms;
  }
  function shardOf(term) {
    var b = new TextEncoder().encode(term), h = 0x811c9dc5;
    for (var i = 0; i < b.length; i++) { h = Math.imul(h ^ b[i], 0x01000193) >>> 0; }
    return h % shards;
  }
  var cache = {};
  function getJson(path) {
    if (!cache[path]) {
      cache[path] = fetch(root + path).then(function (r) {
        if (!r.ok) { throw new Error(path + ': ' + r.status); }
        return r.json();
      });
    }
    return cache[path];
  }
  /* [doc delta, count, position deltas…]… to doc → positions. */
  function postings(arr) {
    var m = new Map(), i = 0, doc = 0;
    while (i < arr.length) {
      doc += arr[i++];
      var n = arr[i++], p = 0, ps = new Array(n);
      for (var k = 0; k < n; k++) { p += arr[i++]; ps[k] = p; }
      m.set(doc, ps);
    }
    return m;
  }
  function has(sorted, x) {
    var lo = 0, hi = sorted.length - 1;
    while (lo <= hi) { var mid = (lo + hi) >> 1; if (sorted[mid] === x) { return true; } if (sorted[mid] < x) { lo = mid + 1; } else { hi = mid - 1; } }
    return false;
  }
  /* 2: the phrase is in the title, 1: in the body, 0: not as a phrase. */
  function phraseIn(terms, maps, doc) {
    var best = 0, first = terms[0];
    var starts = maps[first[0]].get(doc) || [];
    for (var s of starts) {
      var p = s - first[1];
      var ok = terms.every(function (t) { var ps = maps[t[0]].get(doc); return ps && has(ps, p + t[1]); });
      if (ok) { if (p < BODY) { return 2; } best = 1; }
    }
    return best;
  }

  function highlight(el, text, words) {
    var lower = text.toLowerCase(), i = 0;
    while (i < text.length) {
      var at = -1, len = 0;
      words.forEach(function (w) { var j = lower.indexOf(w, i); if (j >= 0 && (at < 0 || j < at)) { at = j; len = w.length; } });
      if (at < 0) { break; }
      el.appendChild(document.createTextNode(text.slice(i, at)));
      var mk = document.createElement('mark'); mk.textContent = text.slice(at, at + len); el.appendChild(mk);
      i = at + len;
    }
    el.appendChild(document.createTextNode(text.slice(i)));
  }
  function excerpt(text, words) {
    var lower = text.toLowerCase(), at = -1;
    words.forEach(function (w) { var j = lower.indexOf(w); if (j >= 0 && (at < 0 || j < at)) { at = j; } });
    if (at < 0) { at = 0; }
    var from = Math.max(0, at - 30), to = Math.min(text.length, at + 80);
    return (from > 0 ? '…' : '') + text.slice(from, to) + (to < text.length ? '…' : '');
  }
  function pageText(path) {
    return fetch(root + path).then(function (r) { return r.ok ? r.text() : ''; }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, 'text/html');
      /* Cells and paragraphs end in a space, so a table's cells do not run together. */
      Array.prototype.forEach.call(doc.querySelectorAll('[data-search] :is(td, th, li, p, dt, dd, h2, h3)'), function (e) { e.append(' '); });
      return Array.prototype.map.call(doc.querySelectorAll('[data-search]'), function (e) { return e.textContent; })
        .join(' ').replace(/\s+/g, ' ').trim();
    }).catch(function () { return ''; });
  }
  function show(page, words) {
    return Promise.all(page.map(function (id) { return getJson('search/d/' + Math.floor(id / chunk) + '.json'); })).then(function (chunks) {
      page.forEach(function (id, k) {
        var row = chunks[k][id % chunk];
        if (!row) { return; }
        var li = document.createElement('li');
        var h = document.createElement('h3'), a = document.createElement('a');
        a.href = root + row[0]; highlight(a, row[1], words); h.appendChild(a); li.appendChild(h);
        var meta = document.createElement('p'); meta.className = 'meta';
        meta.textContent = [row[2], row[3]].filter(Boolean).join(' · ');
        li.appendChild(meta);
        var ex = document.createElement('p'); ex.className = 'excerpt'; li.appendChild(ex);
        list.appendChild(li);
        pageText(row[0]).then(function (text) { if (text) { highlight(ex, excerpt(text, words), words); } });
      });
    });
  }

  /* A term's postings arrive in chunks, newest pages first (search.rs cuts
     long lists): st.upto is the last page id its loaded chunks cover. Pages
     up to the window's end (every incomplete term's upto) are judged exactly;
     a page past the end of any complete list matches nothing, so the window
     is the whole answer once it reaches that end. */
  function term(entry) {
    var st = { map: new Map(), next: 0, n: 0, f: '', upto: -1 };
    if (entry && !Array.isArray(entry)) { st.n = entry.n; st.f = entry.f; } else { st.next = 1; add(st, entry || []); }
    return st;
  }
  function add(st, arr) { postings(arr).forEach(function (ps, doc) { st.map.set(doc, ps); st.upto = doc; }); }
  function complete(st) { return st.next >= st.n; }
  function windowEnd(sts) {
    var end = Infinity, last = Infinity;
    sts.forEach(function (st) { if (complete(st)) { last = Math.min(last, st.upto); } else { end = Math.min(end, st.upto); } });
    return [end, end >= last];
  }
  /* Loads the next chunk of every term that limits the window. */
  function grow(sts) {
    var end = windowEnd(sts)[0];
    return Promise.all(sts.filter(function (st) { return !complete(st) && st.upto === end; }).map(function (st) {
      var j = st.next++;
      return getJson('search/c/' + st.f + '-' + j + '.json').then(function (arr) { add(st, arr); });
    }));
  }

  function run() {
    if (!q) { say(msg('tHint')); return; }
    var groups = q.split(/\s+/).filter(Boolean).map(phraseTerms);
    if (groups.some(function (g) { return g === null; })) { say(msg('tShort')); return; }
    groups = groups.filter(function (g) { return g.length > 0; });
    if (!groups.length) { say(msg('tShort')); return; }
    say(msg('tLoading'));
    var terms = [];
    groups.forEach(function (g) { g.forEach(function (t) { if (terms.indexOf(t[0]) < 0) { terms.push(t[0]); } }); });
    var need = [];
    terms.forEach(function (t) { var s = shardOf(t); if (need.indexOf(s) < 0) { need.push(s); } });
    var phrases = q.toLowerCase().split(/\s+/).filter(Boolean);
    var sts, maps = {}, shown = new Set(), first = true;
    /* Exact and loose matches among the pages the window covers. */
    function judge() {
      var end = windowEnd(sts)[0], exact = [], loose = [];
      var smallest = terms.reduce(function (a, t) { return maps[t].size < maps[a].size ? t : a; }, terms[0]);
      maps[smallest].forEach(function (_, doc) {
        if (doc > end || !terms.every(function (t) { return maps[t].has(doc); })) { return; }
        var score = 0, all = true;
        groups.forEach(function (g) { var r = phraseIn(g, maps, doc); if (!r) { all = false; } score = Math.max(score, r); });
        if (all) { exact.push([score, doc]); } else { loose.push(doc); }
      });
      exact.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
      loose.sort(function (a, b) { return a - b; });
      return [exact.map(function (e) { return e[1]; }), loose];
    }
    /* Grows the window until a page of unseen exact matches is known or the
       window is the whole answer, then shows that page; a first query shows
       the exact matches of its first window at once (count "n+"), so it reads
       one chunk of each term. Only "no exact match" needs the whole answer. */
    function next() {
      var r = judge(), done = windowEnd(sts)[1];
      var fresh = r[0].filter(function (id) { return !shown.has(id); });
      if (fresh.length < PER && !done && !(first && fresh.length)) { return grow(sts).then(next); }
      var words = phrases, ids = fresh;
      if (r[0].length) {
        if (first) { say(msg('tFound', { q: q, n: r[0].length + (done ? '' : '+') })); }
      } else {
        words = phrases.concat(terms.filter(function (t) { return t.length > 1; }));
        ids = r[1].filter(function (id) { return !shown.has(id); });
        if (first) { say(msg('tNoExact', { q: q }) + (r[1].length ? msg('tLoose', { n: r[1].length }) : msg('tNone'))); }
      }
      first = false;
      var page = ids.slice(0, PER);
      page.forEach(function (id) { shown.add(id); });
      more.hidden = done && ids.length <= PER;
      return show(page, words);
    }
    Promise.all(need.map(function (s) { return getJson('search/i/' + s + '.json'); })).then(function (loaded) {
      var byShard = {};
      need.forEach(function (s, i) { byShard[s] = loaded[i]; });
      sts = terms.map(function (t) { var st = term(byShard[shardOf(t)][t]); maps[t] = st.map; return st; });
      return grow(sts).then(next);
    }).then(function () {
      more.addEventListener('click', function () { next().catch(function () { say(msg('tError')); }); });
    }).catch(function () { say(msg('tError')); });
  }
  run();
})();
