/* escdir: the one matcher in the browser — the home filter (escdir.js) and the header search use it, with the
   same rules as `escdir show` (generator/escdir/outage/find.py; tests/test_search_agreement.py runs one table of
   queries through both). Vendors come from escdir's sharded index (search/escdir/, written by
   generator/escdir/present/search_index.py): a query fetches a few postings shards and record chunks of the site's own
   host, never the whole directory, so what a search costs does not grow with the number of vendors. */
(function () {
  "use strict";

  var SEP = /[\s\-\/.,:_()]+/;
  var MAX_CHUNKS = 4;  // record chunks fetched for one query at most (the rest: "type more"); 2 for 2 letters

  function norm(s) {
    s = String(s || "");
    if (/^[\x00-\x7f]*$/.test(s)) return s.toLowerCase().trim();  // ASCII: nothing to decompose
    return s.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").trim();
  }
  function compact(s) { return norm(s).replace(/[\s\-\/.,:_()]+/g, ""); }
  function expand(t) {
    // A term as normalised, plus the bare number of an "AS64500" term.
    var n = norm(t), m = /^as\s*(\d+)$/.exec(n);
    return m ? [n, m[1]] : [n];
  }

  function distance(a, b, max) {
    // Optimal string alignment distance (a transposition counts 1); gives up above `max`.
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = null, prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        cur.push(v);
        if (v < best) best = v;
      }
      if (best > max) return max + 1;
      prev2 = prev;
      prev = cur;
    }
    return prev[b.length] > max ? max + 1 : prev[b.length];
  }

  function allowed(word) { return word.length >= 8 ? 2 : word.length >= 4 ? 1 : 0; }

  function globRegExp(pattern) {
    var rx = norm(pattern).split("*").map(function (p) { return p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"); }).join(".+");
    return new RegExp("^" + rx + "$");
  }

  /* One vendor: {name, terms: [...], serials: [...], hosts: [...], href}. Normalised once. */
  function entry(name, terms, serials, hosts, href) {
    var t = [];
    [name].concat(terms || []).forEach(function (x) { expand(x).forEach(function (n) { if (n) t.push(n); }); });
    var words = [];
    t.forEach(function (x) { x.split(SEP).forEach(function (w) { if (w && words.indexOf(w) < 0) words.push(w); }); });
    var shown = (serials || []).filter(function (s) { return compact(s).length >= 2; });
    return {
      name: name, href: href, terms: t, words: words, joined: t.join("|"), compacts: t.map(compact),
      serials: shown.map(compact), serialsShown: shown,
      hosts: (hosts || []).map(function (h) {
        var rx = null;  // compiled on first use (only a host-like query needs it)
        return {shown: h, test: function (q) { rx = rx || globRegExp(h); return rx.test(q); }};
      })
    };
  }

  /* How well `e` matches query `q`: {rank, d, via, key} (lower is better) or null. The tiers are documented in
     generator/escdir/outage/find.py: 0 exact term or host pattern; 1 a term starts with the query, or a full
     serial number starting with a serial prefix; 2 every word starts a word; 3 every word is contained (partial
     circuit ids, contract numbers); 5 within a typo or two of a word (d = edits), only when nothing is 0-3. */
  function score(e, q, typos) {
    var nq = norm(q), cq = compact(q);
    if (!nq) return {rank: 0, d: 0};
    var qwords = nq.split(/\s+/).filter(Boolean);
    if (e.terms.indexOf(nq) >= 0 || (cq.length >= 3 && e.compacts.indexOf(cq) >= 0)) return {rank: 0, d: 0};
    var i;
    if (nq.indexOf(".") > 0 && nq.indexOf(" ") < 0) {
      for (i = 0; i < e.hosts.length; i++) if (e.hosts[i].test(nq)) return {rank: 0, d: 0, via: "host", key: e.hosts[i].shown};
    }
    if (e.terms.some(function (t) { return t.indexOf(nq) === 0; })) return {rank: 1, d: 0};
    for (i = 0; i < e.serials.length; i++) {
      if (cq.length > e.serials[i].length && cq.indexOf(e.serials[i]) === 0) {
        return {rank: 1, d: 0, via: "serial", key: e.serialsShown[i]};
      }
    }
    if (qwords.every(function (w) { return e.words.some(function (x) { return x.indexOf(w) === 0; }); })) return {rank: 2, d: 0};
    if (qwords.every(function (w) { return e.joined.indexOf(w) >= 0; })) return {rank: 3, d: 0};
    if (cq.length >= 4 && e.compacts.some(function (c) { return c.indexOf(cq) >= 0; })) return {rank: 3, d: 0};
    if (!typos) return null;
    var total = 0;
    for (i = 0; i < qwords.length; i++) {
      var w = qwords[i], max = allowed(w);
      if (!max) {
        if (!e.words.some(function (x) { return x.indexOf(w) === 0; })) return null;
        continue;
      }
      var best = max + 1;
      for (var k = 0; k < e.words.length && best > 0; k++) {
        var x = e.words[k], dd = distance(w, x, max);
        if (x.length > w.length) dd = Math.min(dd, distance(w, x.slice(0, w.length), max));
        if (dd < best) best = dd;
      }
      if (best > max) return null;
      total += best;
    }
    return {rank: 5, d: total, via: "typo"};
  }

  /* Rank entries; returns {matches: [{e, rank, d, via, key, i}], typos: bool}: best first (tier, edits, then
     `e.i` — the A–Z position — or the input order). Typo matches only when nothing matches directly. */
  function rank(entries, q, typosOnly) {
    function pass(typos) {
      var out = [];
      entries.forEach(function (e, i) {
        var s = score(e, q, typos);
        if (s) out.push({e: e, i: e.i === undefined ? i : e.i, rank: s.rank, d: s.d || 0, via: s.via || "", key: s.key || ""});
      });
      return out;
    }
    var direct = typosOnly ? [] : pass(false);
    var out = direct.length ? direct : pass(true);
    out.sort(function (a, b) { return a.rank - b.rank || a.d - b.d || a.i - b.i; });
    return {matches: out, typos: !direct.length && out.length > 0};
  }

  /* ---- the sharded index (generator/escdir/present/search_index.py) -------------------------------------------- */

  function fnv1a(s) {
    var h = 0x811c9dc5;
    for (var i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
    return h >>> 0;
  }

  function siteRoot() {
    var cfg = document.getElementById("__config"), base = ".";
    try { base = JSON.parse(cfg.textContent).base || "."; } catch (e) { /* keep "." */ }
    return new URL(base.replace(/\/$/, "") + "/", window.location.href);
  }

  var cache = {};
  function getJSON(path) {
    if (!cache[path]) {
      cache[path] = fetch(new URL(path, siteRoot()).href).then(function (r) {
        if (!r.ok) throw new Error(r.status + " " + path);
        return r.json();
      });
      cache[path].catch(function () { delete cache[path]; });  // a failed fetch may be retried later
    }
    return cache[path];
  }
  var manifest = null;
  function loadManifest() {
    if (!manifest) manifest = getJSON("search/escdir/manifest.json");
    return manifest;
  }
  function shard(m, name) { return getJSON("search/escdir/" + name + ".json?v=" + m.id); }

  function bucket(m, k) { return fnv1a(k.charAt(0) === "s" ? k.slice(0, 3) : k) % m.buckets; }  // search_index.route

  function postings(m, keys) {
    // {key: [record numbers]} for `keys` (each bucket fetched once).
    var buckets = {};
    keys.forEach(function (k) { buckets[bucket(m, k)] = true; });
    var names = Object.keys(buckets);
    return Promise.all(names.map(function (b) { return shard(m, "p" + b); })).then(function (files) {
      var out = {};
      keys.forEach(function (k) {
        var file = files[names.indexOf(String(bucket(m, k)))] || {};
        var ids = [], at = 0;
        (file[k] || []).forEach(function (d) { at += d; ids.push(at); });
        out[k] = ids;
      });
      return out;
    });
  }

  var entries = {};  // record number -> entry (built once per chunk)
  function records(m, ids, limit) {
    // Entries of record numbers `ids` (in the order given), fetching at most `limit` chunks; {list, partial}.
    var chunks = [], partial = false;
    ids.forEach(function (i) {
      var c = Math.floor(i / m.chunk);
      if (chunks.indexOf(c) >= 0) return;
      if (chunks.length < limit) chunks.push(c); else partial = true;
    });
    return Promise.all(chunks.map(function (c) {
      return shard(m, "r" + c).then(function (rows) {
        rows.forEach(function (r, k) {
          var i = c * m.chunk + k;
          if (entries[i]) return;
          var e = entry(r[0], r[2], r[3], r[4], new URL(r[1], siteRoot()).href);
          e.i = i;
          e.line = r[5]; e.lineHref = /^(tel:|https:|mailto:)/i.test(r[6] || "") ? r[6] : ""; e.why = r[7]; e.hours = r[8]; e.text = r[9] || "";
          entries[i] = e;
        });
      });
    })).then(function () {
      return {list: ids.filter(function (i) { return entries[i]; }).map(function (i) { return entries[i]; }), partial: partial};
    });
  }

  function grams(p, n) { var g = []; for (var i = 0; i + n <= p.length; i++) g.push(p.slice(i, i + n)); return g; }
  function spread(list) { return list.length <= 3 ? list : [list[0], list[list.length >> 1], list[list.length - 1]]; }
  function uniq(list) { return list.filter(function (x, k) { return list.indexOf(x) === k; }); }
  function byNumber(a, b) { return a - b; }

  /* Find `q`: a promise of {matches, typos, partial, short, total}. `partial`: more vendors hold the query's
     letters than were looked at (type more); `short`: one letter in a directory too big to scan. */
  function search(q) {
    var nq = norm(q), cq = compact(q);
    return loadManifest().then(function (m) {
      var pieces = [];
      nq.split(/\s+/).forEach(function (w) { compact(w).split("|").forEach(function (p) { if (p) pieces.push(p); }); });
      var need = [];
      pieces.forEach(function (p) {
        if (p.length >= 3) spread(grams(p, 3)).forEach(function (g) { need.push("3" + g); });
        else if (p.length === 2) need.push("2" + p);
      });
      need = uniq(need);
      var first = cq.length >= 3 ? ["^" + cq.slice(0, 3)] : cq.length === 2 ? ["^" + cq] : [];
      var extra = [];  // a full serial number: each of its starts may be a serial prefix
      for (var n = 2; n < cq.length && n <= 24; n++) extra.push("s" + cq.slice(0, n));  // one bucket (route)
      if (nq.indexOf(".") > 0 && nq.indexOf(" ") < 0) {
        var labels = nq.split(".");
        extra.push("h");
        for (var k = 1; k <= 3 && k <= labels.length; k++) extra.push("h" + labels.slice(-k).join("."));
      }
      var all = null;
      if (!need.length) {
        if (Math.ceil(m.n / m.chunk) > 2) return {matches: [], typos: false, partial: false, short: true, total: m.n};
        all = [];
        for (var i = 0; i < m.n; i++) all.push(i);
      }
      return postings(m, uniq(need.concat(first, extra))).then(function (post) {
        var direct = all;
        if (!direct) {
          direct = post[need[0]].slice();
          need.slice(1).forEach(function (k) {
            var set = {};
            post[k].forEach(function (i) { set[i] = true; });
            direct = direct.filter(function (i) { return set[i]; });
          });
        }
        var inDirect = {};
        direct.forEach(function (i) { inDirect[i] = true; });
        // Looked at first: a term starting with the query, then a serial prefix or host pattern it fits, then
        // every other vendor holding its letters (A–Z), as far as the chunk limit goes.
        var head = [], keyed = [];
        first.forEach(function (k) { post[k].forEach(function (i) { if (inDirect[i]) head.push(i); }); });
        extra.forEach(function (k) { (post[k] || []).forEach(function (i) { keyed.push(i); }); });
        var ids = uniq(head.sort(byNumber).concat(keyed.sort(byNumber), direct));
        return records(m, ids, cq.length <= 2 ? 2 : MAX_CHUNKS).then(function (got) {
          var r = rank(got.list, q);
          if (r.matches.length) return {matches: r.matches, typos: r.typos, partial: got.partial, short: false, total: m.n};
          return typoSearch(m, q).then(function (t) { t.total = m.n; return t; });
        });
      });
    });
  }

  function typoSearch(m, q) {
    // Typo candidates share enough 2-letter sequences with the longest query word (each edit breaks at most 3).
    var words = norm(q).split(/\s+/).map(compact).filter(function (w) { return w.length >= 4; });
    if (!words.length) return Promise.resolve({matches: [], typos: false, partial: false, short: false});
    var w = words.sort(function (a, b) { return b.length - a.length; })[0];
    var keys = uniq(grams(w, 2)).map(function (g) { return "2" + g; });
    var need = Math.max(1, keys.length - 3 * allowed(w));
    return postings(m, keys).then(function (post) {
      var count = {};
      keys.forEach(function (k) { post[k].forEach(function (i) { count[i] = (count[i] || 0) + 1; }); });
      var ids = Object.keys(count).map(Number).filter(function (i) { return count[i] >= need; })
        .sort(function (a, b) { return count[b] - count[a] || a - b; });
      return records(m, ids, MAX_CHUNKS).then(function (got) {
        var r = rank(got.list, q, true);
        return {matches: r.matches, typos: r.matches.length > 0, partial: got.partial, short: false};
      });
    });
  }

  window.escdirFind = {norm: norm, compact: compact, distance: distance, entry: entry, score: score, rank: rank,
                       search: search, fnv1a: fnv1a};

  /* ---- Material's header search: vendors first, from the same matcher ------------------------------------- */

  function text(tag, cls, content) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (content) el.textContent = content;
    return el;
  }

  function link(m) {
    var a = text("a", "", m.e.name);
    a.href = m.e.href;
    return a;
  }

  function hint(matches, typos, q) {
    // What only escdir understands: a join key, or a near miss.
    var special = matches.filter(function (m) { return m.via === "serial" || m.via === "host"; });
    if (special.length) {
      var box = text("div", "esc-suggest md-typeset");
      special.slice(0, 3).forEach(function (m) {
        var p = text("p", "", (m.via === "serial" ? "Serial number " : "Host ") + q + " matches ");
        p.appendChild(link(m));
        p.appendChild(document.createTextNode(m.via === "serial" ? " (serial prefix " + m.key + ")" : " (" + m.key + ")"));
        box.appendChild(p);
      });
      return box;
    }
    if (typos) {
      var box2 = text("div", "esc-suggest md-typeset");
      var p2 = text("p", "", "Did you mean ");
      matches.slice(0, 3).forEach(function (m, k) {
        if (k) p2.appendChild(document.createTextNode(k === Math.min(3, matches.length) - 1 ? " or " : ", "));
        p2.appendChild(link(m));
      });
      p2.appendChild(document.createTextNode("?"));
      box2.appendChild(p2);
      return box2;
    }
    if (!matches.length) {
      var box3 = text("div", "esc-suggest md-typeset");
      box3.appendChild(text("p", "", "No vendor matches \u201c" + q + "\u201d. Try a vendor name, alias, product, serial " +
        "number, circuit id, ASN, host name or contract number."));
      return box3;
    }
    return null;
  }

  function hitList(matches, partial) {
    // Vendor results in Material's own result markup, above its results for the guides.
    var list = text("ol", "md-search-result__list esc-hits");
    list.setAttribute("aria-label", "Vendors");
    matches.slice(0, 8).forEach(function (m) {
      var li = text("li", "md-search-result__item esc-hit");
      var a = text("a", "md-search-result__link");
      a.href = m.e.href;
      var art = text("article", "md-search-result__article md-typeset");
      art.appendChild(text("h1", "", m.e.name));
      var what = [m.e.line, m.e.hours].filter(Boolean).join(" \u00b7 ");
      if (what) art.appendChild(text("p", "", what));
      if (m.e.text) art.appendChild(text("p", "", m.e.text));
      a.appendChild(art);
      li.appendChild(a);
      list.appendChild(li);
    });
    if (partial) list.appendChild(text("li", "esc-hit-more md-typeset", "More vendors hold these letters: type more to narrow the list."));
    return list;
  }

  function headerSearch() {
    var input = document.querySelector(".md-search__input");
    var result = document.querySelector(".md-search-result");
    if (!input || !result) return;
    var timer = null, shown = [];
    function clear() { shown.forEach(function (el) { el.remove(); }); shown = []; }
    function done(q) { result.setAttribute("data-esc-query", q); }  // escdir has answered `q` (tests, bench)
    function update() {
      var q = input.value.trim();
      if (compact(q).length < 2) { clear(); done(q); return; }
      search(q).then(function (r) {
        if (input.value.trim() !== q) return;  // the user typed on meanwhile
        clear();
        done(q);
        var meta = result.querySelector(".md-search-result__meta");
        var at = meta ? meta.nextSibling : result.firstChild;
        var box = hint(r.matches, r.typos, q);
        if (box) { result.insertBefore(box, at); shown.push(box); }
        if (r.matches.length) { var list = hitList(r.matches, r.partial); result.insertBefore(list, at); shown.push(list); }
      }).catch(function () { clear(); done(q); });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 80); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", headerSearch);
  else headerSearch();
})();
