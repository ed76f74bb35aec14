/* escdir: find a vendor by name, alias, product or join key, tolerating typos. Used by the home filter
   (escdir.js) and, as "did you mean" / join-key hints, in Material's header search. No network beyond the
   site's own search/search_index.json, which Material's worker has already fetched (so it is cached). */
(function () {
  "use strict";

  var SEP = /[\s\-\/.,:_()]+/;

  function norm(s) {
    return String(s || "").toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").trim();
  }
  function compact(s) { return norm(s).replace(/[\s\-\/.,:_()]+/g, ""); }

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
    return prev[b.length];
  }

  function allowed(word) { return word.length >= 8 ? 2 : word.length >= 4 ? 1 : 0; }

  function globRegExp(pattern) {
    var rx = norm(pattern).split("*").map(function (p) { return p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"); }).join(".+");
    return new RegExp("^" + rx + "$");
  }

  /* One vendor: {name, terms: [...], serials: [...], hosts: [...], href}. Normalised once. */
  function entry(name, terms, serials, hosts, href) {
    var t = [name].concat(terms || []).map(norm).filter(Boolean);
    var words = [];
    t.forEach(function (x) { x.split(SEP).forEach(function (w) { if (w && words.indexOf(w) < 0) words.push(w); }); });
    return {
      name: name, href: href, terms: t, words: words, joined: t.join("|"),
      compacts: t.map(compact), serials: (serials || []).map(compact).filter(function (s) { return s.length >= 2; }),
      serialsShown: serials || [], hosts: (hosts || []).map(function (h) { return {shown: h, rx: globRegExp(h)}; })
    };
  }

  /* How well `e` matches query `q`: {rank, via} (lower is better) or null.
     0 exact name/alias/key or host name matching a pattern; 1 a term starts with the query, or the query is a
     full serial number starting with a serial prefix; 2 every word starts a word; 3 every word is contained
     (partial circuit ids, contract numbers); 5 within a typo or two of a word (the "did you mean" tier). */
  function score(e, q, typos) {
    var nq = norm(q), cq = compact(q);
    if (!nq) return {rank: 0};
    var qwords = nq.split(/\s+/).filter(Boolean);
    if (e.terms.indexOf(nq) >= 0 || (cq.length >= 3 && e.compacts.indexOf(cq) >= 0)) return {rank: 0};
    var i;
    if (nq.indexOf(".") > 0 && nq.indexOf(" ") < 0) {
      for (i = 0; i < e.hosts.length; i++) if (e.hosts[i].rx.test(nq)) return {rank: 0, via: "host", key: e.hosts[i].shown};
    }
    if (e.terms.some(function (t) { return t.indexOf(nq) === 0; })) return {rank: 1};
    for (i = 0; i < e.serials.length; i++) {
      if (cq.length > e.serials[i].length && cq.indexOf(e.serials[i]) === 0) {
        return {rank: 1, via: "serial", key: e.serialsShown[i]};
      }
    }
    if (qwords.every(function (w) { return e.words.some(function (x) { return x.indexOf(w) === 0; }); })) return {rank: 2};
    if (qwords.every(function (w) { return e.joined.indexOf(w) >= 0; })) return {rank: 3};
    if (cq.length >= 4 && e.compacts.some(function (c) { return c.indexOf(cq) >= 0; })) return {rank: 3};
    if (!typos) return null;
    var typo = qwords.every(function (w) {
      var max = allowed(w);
      if (!max) return e.words.some(function (x) { return x.indexOf(w) === 0; });
      return e.words.some(function (x) {
        return distance(w, x, max) <= max || (x.length > w.length && distance(w, x.slice(0, w.length), max) <= max);
      });
    });
    return typo ? {rank: 5, via: "typo"} : null;
  }

  /* Rank every entry; returns {matches: [{e, rank, via, key, i}], typos: bool} best first, input order within a
     rank. Typo matches are returned only when nothing matches directly. */
  function rank(entries, q) {
    // Edit distances are the expensive part: compute them only when nothing matches directly.
    var direct = [], fuzzy = [];
    function pass(typos, into) {
      entries.forEach(function (e, i) {
        var s = score(e, q, typos);
        if (s) into.push({e: e, i: i, rank: s.rank, via: s.via || "", key: s.key || ""});
      });
    }
    pass(false, direct);
    if (!direct.length) pass(true, fuzzy);
    var out = direct.length ? direct : fuzzy;
    out.sort(function (a, b) { return a.rank - b.rank || a.i - b.i; });
    return {matches: out, typos: !direct.length && fuzzy.length > 0};
  }

  window.escdirFind = {norm: norm, compact: compact, distance: distance, entry: entry, score: score, rank: rank};

  /* ---- Material's header search: "did you mean" and join-key hints above its results -------------------- */

  var index = null;
  function unescapeHtml(s) {
    // The index holds title and tags HTML-escaped for Material; we write text nodes, so undo it.
    return String(s || "").replace(/&(lt|gt|quot|#34|#39|amp);/g, function (_m, e) {
      return {lt: "<", gt: ">", quot: '"', "#34": '"', "#39": "'", amp: "&"}[e];
    });
  }
  function loadIndex() {
    if (index) return index;
    var cfg = document.getElementById("__config");
    var base = ".";
    try { base = JSON.parse(cfg.textContent).base || "."; } catch (e) { /* keep "." */ }
    var url = new URL(base.replace(/\/$/, "") + "/search/search_index.json", window.location.href);
    index = fetch(url.href).then(function (r) { return r.ok ? r.json() : {docs: []}; }).then(function (data) {
      var root = new URL(base.replace(/\/$/, "") + "/", window.location.href);
      return (data.docs || []).filter(function (d) { return d.location && d.location.indexOf("#") < 0 && /^vendors\//.test(d.location); })
        .map(function (d) {
          var keys = d.keys || {};
          return entry(unescapeHtml(d.title), (d.tags || []).map(unescapeHtml), keys.serial, keys.host,
                       new URL(d.location, root).href);
        });
    }).catch(function () { return []; });
    return index;
  }

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
    // What Material's search cannot say: a join key only escdir understands, or a near miss.
    var box = text("div", "esc-suggest md-typeset");
    var special = matches.filter(function (m) { return m.via === "serial" || m.via === "host"; });
    if (special.length) {
      special.slice(0, 3).forEach(function (m) {
        var p = text("p", "", (m.via === "serial" ? "Serial number " : "Host ") + q + " matches ");
        p.appendChild(link(m));
        p.appendChild(document.createTextNode(m.via === "serial" ? " (serial prefix " + m.key + ")" : " (" + m.key + ")"));
        box.appendChild(p);
      });
      return box;
    }
    if (typos) {
      var p = text("p", "", "Did you mean ");
      matches.slice(0, 3).forEach(function (m, k) {
        if (k) p.appendChild(document.createTextNode(k === Math.min(3, matches.length) - 1 ? " or " : ", "));
        p.appendChild(link(m));
      });
      p.appendChild(document.createTextNode("?"));
      box.appendChild(p);
      return box;
    }
    if (!matches.length) {
      box.appendChild(text("p", "", "No vendor matches \u201c" + q + "\u201d. Try a vendor name, alias, product, serial " +
        "number, circuit id, ASN, host name or contract number."));
      return box;
    }
    return null;
  }

  function headerSearch() {
    var input = document.querySelector(".md-search__input");
    var result = document.querySelector(".md-search-result");
    if (!input || !result) return;
    var timer = null, shown = null;
    function update() {
      var q = input.value.trim();
      if (shown) { shown.remove(); shown = null; }
      if (q.length < 3) return;
      loadIndex().then(function (entries) {
        if (input.value.trim() !== q) return;  // the user typed on meanwhile
        var r = rank(entries, q);
        if (shown) { shown.remove(); shown = null; }
        var box = hint(r.matches, r.typos, q);
        if (!box) return;
        var meta = result.querySelector(".md-search-result__meta");
        result.insertBefore(box, meta ? meta.nextSibling : result.firstChild);
        shown = box;
      });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 120); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", headerSearch);
  else headerSearch();
})();
