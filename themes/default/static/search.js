/* Search for the public site. Reads the index wuye writes under
   search/ (see src/site/search.rs: the token and term rules here must stay
   the same as there). Works on any static host over http(s); the page says
   so in a <noscript> when JavaScript is off.

   Every query (and every "continue") reads at most BUDGET bytes: shards,
   chunks, result rows and pages together. The index states each file's
   price before it is fetched, so the page buys the rarest term's postings
   first and judges exactly only the pages it has everything for, newest
   first; it says how far it got ("in the newest N pages…") and offers to go on. */
(function () {
  'use strict';
  var box = document.getElementById('search');
  if (!box) { return; }
  var D = box.dataset;
  var root = D.root || '';
  var shards = parseInt(D.shards, 10) || 1;
  var chunk = parseInt(D.chunk, 10) || 20;
  var BODY = parseInt(D.body, 10) || 100000;
  var DOCS = parseInt(D.docs, 10) || 0;
  var SHARD_MAX = parseInt(D.shardMax, 10) || 0;
  var ROWS_MAX = parseInt(D.rowsMax, 10) || 0;
  /* Bytes one step may read: all of it, the index part, and the shards part.
     The search page, style and this script add about 40 KB: under 300 KB. */
  var BUDGET = 230000, INDEX = 110000, SHARDS = 60000;
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
  function tokens(text, start, out) {
    var pos = start, word = '', gap = true;
    for (var c of text) {
      if (ASCII.test(c)) { word += c.toLowerCase(); continue; }
      if (word) { out.push([pos, true, word]); pos++; word = ''; gap = false; }
      if (ALNUM.test(c)) { out.push([pos, false, c]); pos++; gap = false; }
      else if (!gap) { pos++; gap = true; }
    }
    if (word) { out.push([pos, true, word]); }
    return out;
  }
  /* Tokens to [term, position] pairs: as `terms` in search.rs. */
  function termsOf(toks) {
    var out = [];
    var han = function (i, pos) { var t = toks[i]; return t && !t[1] && t[0] === pos ? t[2] : null; };
    toks.forEach(function (t, i) {
      if (t[1]) { out.push([t[2], t[0]]); return; }
      var next = han(i + 1, t[0] + 1), prev = i > 0 && t[0] > 0 ? han(i - 1, t[0] - 1) : null;
      if (next) { out.push([t[2] + next, t[0]]); }
      if (!next || !prev) { out.push([t[2], t[0]]); }
    });
    return out;
  }
  /* The terms a phrase must have, each with its offset: enough of them to
     cover every character (bigrams at 0, 2, 4… and one ending at the last),
     since bigrams at their offsets fix every character between them.
     null: a single character, which is not searched. */
  function phraseTerms(group) {
    var toks = tokens(group, 0, []), covered = {}, terms = [];
    if (toks.length === 1 && !toks[0][1]) { return null; }
    var han = function (i, pos) { var t = toks[i]; return t && !t[1] && t[0] === pos ? t[2] : null; };
    toks.forEach(function (t, i) {
      var p = t[0];
      if (covered[p]) { return; }
      covered[p] = true;
      if (t[1]) { terms.push([t[2], p]); return; }
      var next = han(i + 1, p + 1), prev = i > 0 ? han(i - 1, p - 1) : null;
      if (next) { terms.push([t[2] + next, p]); covered[p + 1] = true; }
      else if (prev) { terms.push([prev + t[2], p - 1]); }
      else { terms.push([t[2], p]); }
    });
    return terms;
  }
  function shardOf(term) {
    var b = new TextEncoder().encode(term), h = 0x811c9dc5;
    for (var i = 0; i < b.length; i++) { h = Math.imul(h ^ b[i], 0x01000193) >>> 0; }
    return h % shards;
  }

  /* Every byte this page reads for the search is counted here. */
  var spent = 0, stepStart = 0, cache = {}, force = 0;
  /* Whether a purchase fits the step's budget; `force` lets a few
     through when a step the owner asked for would otherwise get nowhere. */
  function fits(bytes, limit) {
    if (spent - stepStart + bytes <= limit) { return true; }
    if (force > 0 && bytes < Infinity) { force--; return true; }
    return false;
  }
  function get(path) {
    if (!cache[path]) {
      cache[path] = fetch(root + path).then(function (r) {
        if (!r.ok) { throw new Error(path + ': ' + r.status); }
        return r.arrayBuffer();
      }).then(function (buf) { spent += buf.byteLength; return new TextDecoder().decode(buf); });
    }
    return cache[path];
  }
  function getJson(path) { return get(path).then(JSON.parse); }

  /* [doc delta, count, position deltas…]… into map: doc → positions. */
  function postings(arr, map) {
    var i = 0, doc = 0, docs = [];
    while (i < arr.length) {
      doc += arr[i++];
      var n = arr[i++], p = 0, ps = new Array(n);
      for (var k = 0; k < n; k++) { p += arr[i++]; ps[k] = p; }
      map.set(doc, ps); docs.push(doc);
    }
    return docs;
  }
  function has(sorted, x) {
    var lo = 0, hi = sorted.length - 1;
    while (lo <= hi) { var mid = (lo + hi) >> 1; if (sorted[mid] === x) { return true; } if (sorted[mid] < x) { lo = mid + 1; } else { hi = mid - 1; } }
    return false;
  }
  /* 2: the phrase is in the title, 1: in the body, 0: not as a phrase.
     pos(term) gives the term's positions in the page (or undefined). */
  function phraseIn(terms, pos) {
    var best = 0, first = terms[0];
    for (var s of pos(first[0]) || []) {
      var p = s - first[1];
      var ok = terms.every(function (t) { var ps = pos(t[0]); return ps && has(ps, p + t[1]); });
      if (ok) { if (p < BODY) { return 2; } best = 1; }
    }
    return best;
  }

  /* The text the index was made from: the title, then the elements marked
     data-search, every tag a gap except inline ones (as marked_text). */
  var INLINE = /^(a|b|strong|em|i|span|code|small|mark|time|abbr|sub|sup)$/;
  function marked(node, out) {
    node.childNodes.forEach(function (c) {
      if (c.nodeType === 3) { out.push(c.data); return; }
      if (c.nodeType !== 1) { return; }
      var name = c.localName;
      if (name === 'svg' || name === 'script' || name === 'style') { out.push('\n'); return; }
      var inline = INLINE.test(name);
      if (!inline) { out.push('\n'); }
      marked(c, out);
      if (!inline) { out.push('\n'); }
    });
    return out;
  }
  var pages = new Map();
  function readPage(id, row) {
    return get(row[0]).then(function (html) {
      var doc = new DOMParser().parseFromString(html, 'text/html');
      var text = [];
      Array.prototype.forEach.call(doc.querySelectorAll('[data-search]'), function (e) {
        if (!e.parentElement.closest('[data-search]')) { marked(e, text); text.push('\n'); }
      });
      var body = text.join('');
      var at = new Map();
      termsOf(tokens(row[1], 0, tokens(body, BODY, []))).forEach(function (t) {
        if (!at.has(t[0])) { at.set(t[0], []); }
        at.get(t[0]).push(t[1]);
      });
      at.forEach(function (ps) { ps.sort(function (a, b) { return a - b; }); });
      pages.set(id, { text: body.replace(/\s+/g, ' ').trim(), at: at });
    }).catch(function () { pages.set(id, { text: '', at: new Map() }); });
  }
  function rowsOf(id) { return getJson('search/d/' + Math.floor(id / chunk) + '.json'); }
  function rowKnown(id) { return !!cache['search/d/' + Math.floor(id / chunk) + '.json']; }

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

  /* A query term: its postings so far. A chunked term covers the pages of
     the chunks it has loaded; a whole list (or a term its shard lacks)
     covers every page; a term whose shard was not affordable covers none. */
  function Term(text) { this.text = text; this.known = false; this.map = new Map(); this.docs = []; }
  Term.prototype.learn = function (entry) {
    this.known = true;
    if (entry && !Array.isArray(entry)) {
      this.f = entry.f; this.u = entry.u; this.b = entry.b; this.df = entry.d; this.got = {}; this.next = 0;
    } else {
      this.docs = postings(entry || [], this.map); this.df = this.docs.length;
    }
  };
  Term.prototype.chunkOf = function (doc) {
    var lo = 0, hi = this.u.length - 1;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (this.u[mid] >= doc) { hi = mid; } else { lo = mid + 1; } }
    return lo;
  };
  Term.prototype.covers = function (doc) {
    if (!this.known) { return false; }
    if (!this.u) { return true; }
    return doc > this.u[this.u.length - 1] || !!this.got[this.chunkOf(doc)];
  };
  /* The last page up to which every page is covered (DOCS - 1: all). */
  Term.prototype.reach = function () {
    if (!this.u) { return DOCS - 1; }
    while (this.got[this.next]) { this.next++; }
    return this.next >= this.u.length ? DOCS - 1 : this.next ? this.u[this.next - 1] : -1;
  };
  Term.prototype.load = function (j) {
    var self = this;
    self.got[j] = true;
    return getJson('search/c/' + self.f + '-' + j + '.json').then(function (arr) {
      self.docs = self.docs.concat(postings(arr, self.map)).sort(function (a, b) { return a - b; });
    });
  };

  function run() {
    if (!q) { say(msg('tHint')); return; }
    var groups = q.split(/\s+/).filter(Boolean).map(phraseTerms);
    if (groups.some(function (g) { return g === null; })) { say(msg('tShort')); return; }
    groups = groups.filter(function (g) { return g.length > 0; });
    if (!groups.length) { say(msg('tShort')); return; }
    say(msg('tLoading'));
    var byText = {}, terms = [];
    groups.forEach(function (g) { g.forEach(function (t) { if (!byText[t[0]]) { byText[t[0]] = new Term(t[0]); terms.push(byText[t[0]]); } }); });
    var phrases = q.toLowerCase().split(/\s+/).filter(Boolean);
    var driver = null, cursor = 0, exact = [], loose = [], limit = PER, shown = 0;

    /* One page's verdict: 'no', 'loose', [score] (exact) or null (not yet known). */
    function verdict(doc) {
      var all = true;
      for (var t of terms) {
        if (t.covers(doc)) { if (!t.map.has(doc)) { return 'no'; } } else { all = false; }
      }
      var pos;
      if (all) { pos = function (term) { return byText[term].map.get(doc); }; }
      else if (pages.has(doc)) {
        var at = pages.get(doc).at;
        if (terms.some(function (t) { return !at.has(t.text); })) { return 'no'; }
        pos = function (term) { return at.get(term); };
      } else { return null; }
      var score = 0, every = true;
      groups.forEach(function (g) { var r = phraseIn(g, pos); if (!r) { every = false; } score = Math.max(score, r); });
      return every ? [score] : 'loose';
    }
    /* Judges the driver's pages in order until one lacks data: the window
       is every page before it, newest first. Returns the first unjudged page. */
    function advance() {
      var reach = driver.reach();
      while (cursor < driver.docs.length && driver.docs[cursor] <= reach) {
        var doc = driver.docs[cursor], v = verdict(doc);
        if (v === null) { return doc; }
        if (v === 'loose') { loose.push(doc); } else if (v !== 'no') { exact.push([v[0], doc]); }
        cursor++;
      }
      return -1;
    }
    function windowEnd(pending) { return pending >= 0 ? pending - 1 : driver.reach(); }

    /* The rarest known term leads: the window runs over its pages. A
       rarer one learnt later takes over (a term no page has ends the search). */
    function lead() {
      var best = terms.filter(function (t) { return t.known; }).reduce(function (a, t) { return !a || t.df < a.df ? t : a; }, null);
      if (best !== driver) { driver = best; cursor = 0; exact = []; loose = []; }
    }
    function loadShard(s) {
      return getJson('search/i/' + s + '.json').then(function (shard) {
        terms.forEach(function (t) { if (!t.known && shardOf(t.text) === s) { t.learn(shard[t.text]); } });
      });
    }
    /* Bytes to keep for the excerpts of the results a page will show. */
    var pageEst = 12000;
    function reserve(except) {
      var items = exact.length ? exact.map(function (e) { return e[1]; }) : loose;
      var shown = items.slice(0, limit), files = {};
      shown.forEach(function (id) { if (!rowKnown(id)) { files[Math.floor(id / chunk)] = true; } });
      var lacking = shown.filter(function (id) { return id !== except && !pages.has(id); }).length;
      return lacking * pageEst + (Object.keys(files).length + 1) * ROWS_MAX;
    }
    /* One purchase that lets the window grow, cheapest per page first: a
       term's shard, its chunks, then the page itself; or false when nothing
       fits the step's budget or nothing is left to buy. */
    function buy(pending) {
      if (pending >= 0) {
        var lack = terms.filter(function (t) { return !t.covers(pending); });
        var unknown = lack.filter(function (t) { return !t.known; });
        if (unknown.length && fits(SHARD_MAX, INDEX)) { return loadShard(shardOf(unknown[0].text)).then(lead); }
        if (!unknown.length) {
          var cost = lack.reduce(function (s, t) { return s + t.b[t.chunkOf(pending)]; }, 0);
          if (fits(cost, INDEX)) { return Promise.all(lack.map(function (t) { return t.load(t.chunkOf(pending)); })); }
        }
        if (!rowKnown(pending)) { return fits(ROWS_MAX, BUDGET) && rowsOf(pending); }
        return rowsOf(pending).then(function (rows) {
          var row = rows[pending % chunk];
          pageEst = Math.max(pageEst, row[4]);
          return fits(row[4] + reserve(pending), BUDGET) && readPage(pending, row);
        });
      }
      if (driver.reach() >= DOCS - 1) { return false; }
      var j = driver.next;
      return fits(driver.b[j], INDEX) && driver.load(j);
    }
    /* Buys until the window holds `want` exact matches, is the whole
       answer, or the budget is spent. */
    function grow(want) {
      var pending = advance();
      if (exact.length >= want || (pending < 0 && driver.reach() >= DOCS - 1)) { return Promise.resolve(); }
      var bought = buy(pending);
      return bought ? Promise.resolve(bought).then(function (ok) { return ok === false ? null : grow(want); }) : Promise.resolve();
    }

    function render() {
      var pending = advance(), end = windowEnd(pending), done = end >= DOCS - 1;
      var n = exact.length, words = phrases, items, text;
      if (n) {
        text = done ? msg('tFound', { q: q, n: n }) : msg('tWindowFound', { q: q, n: n, w: end + 1 });
        items = exact.slice().sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; }).map(function (e) { return e[1]; });
      } else {
        words = phrases.concat(terms.map(function (t) { return t.text; }).filter(function (t) { return t.length > 1; }));
        var head = done ? msg('tNoExact', { q: q }) : msg('tWindowNoExact', { q: q, w: end + 1 });
        text = head + (loose.length ? msg('tLoose', { n: loose.length }) : done ? msg('tNone') : msg('tWindowNone'));
        items = loose;
      }
      /* The results whose rows the budget allows (all of them, but for a
         step that spent it judging), then their pages for the excerpts. */
      var page = items.slice(0, limit), files = {}, extra = 0, k = 0;
      for (; k < page.length; k++) {
        var file = Math.floor(page[k] / chunk);
        if (rowKnown(page[k]) || files[file]) { continue; }
        if (!fits(extra + ROWS_MAX, BUDGET)) { break; }
        files[file] = true; extra += ROWS_MAX;
      }
      page = page.slice(0, k);
      shown = page.length;
      more.textContent = items.length > shown ? msg('tMore') : msg('tContinue');
      more.hidden = items.length <= shown && done;
      return Promise.all(page.map(rowsOf)).then(function (rowss) {
        var bytes = 0;
        return Promise.all(page.map(function (id, k) {
          var row = rowss[k][id % chunk];
          if (pages.has(id) || !fits(bytes + row[4], BUDGET)) { return null; }
          bytes += row[4];
          return readPage(id, row);
        })).then(function () { return rowss; });
      }).then(function (rowss) {
        list.textContent = '';
        page.forEach(function (id, k) {
          var row = rowss[k][id % chunk];
          if (!row) { return; }
          var li = document.createElement('li');
          var h = document.createElement('h3'), a = document.createElement('a');
          a.href = root + row[0]; highlight(a, row[1], words); h.appendChild(a); li.appendChild(h);
          var meta = document.createElement('p'); meta.className = 'meta';
          meta.textContent = [row[2], row[3]].filter(Boolean).join(' · ');
          li.appendChild(meta);
          var ex = document.createElement('p'); ex.className = 'excerpt'; li.appendChild(ex);
          var body = pages.has(id) ? pages.get(id).text : '';
          if (body) { highlight(ex, excerpt(body, words), words); }
          list.appendChild(li);
        });
        /* The status last: it tells the reader (and a test) the list is ready. */
        say(text);
      });
    }
    /* "Continue": a fresh budget, grow until a page of results is judged,
       show; if nothing fitted, one purchase over the budget, so the button
       always gets further. */
    function step() {
      stepStart = spent;
      var before = windowEnd(advance());
      return grow(limit).then(function () {
        var end = windowEnd(advance());
        if (end > before || end >= DOCS - 1 || exact.length >= limit) { return; }
        force = 3;
        return grow(limit).then(function () { force = 0; });
      }).then(render);
    }

    var need = [];
    terms.forEach(function (t) { var s = shardOf(t.text); if (need.indexOf(s) < 0) { need.push(s); } });
    /* The shards of the query's first terms, as many as SHARDS allows, at
       once; a term left out is bought later if it is worth it. */
    var first = need.filter(function (s, i) { return i === 0 || (i + 1) * SHARD_MAX <= SHARDS; });
    Promise.all(first.map(loadShard)).then(function () {
      lead();
      return grow(limit).then(render);
    }).then(function () {
      more.addEventListener('click', function () {
        var items = exact.length ? exact : loose;
        limit = shown + PER;
        if (items.length <= shown) { step().catch(function () { say(msg('tError')); }); return; }
        stepStart = spent;
        render().catch(function () { say(msg('tError')); });
      });
    }).catch(function () { say(msg('tError')); });
  }
  run();
})();
