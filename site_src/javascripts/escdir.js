/* escdir: progressive enhancement only. Every number and table is in the HTML without this script. */
(function () {
  "use strict";

  // "Open now" reads the same derived data as `escdir show` (escdir.derive.facts.open_now_data): weekly windows whose
  // ends may be in different zones, and the holiday dates of the coverage's calendar. Unknown stays unknown.
  function wall(tz, instant) {
    // {y, m, d, wd (0 = Monday), min} of `instant` in zone `tz` ("local" = the browser's zone).
    var opts = { year: "numeric", month: "2-digit", day: "2-digit", weekday: "short", hour: "2-digit",
                 minute: "2-digit", hourCycle: "h23" };
    if (tz !== "local") opts.timeZone = tz;
    var parts = new Intl.DateTimeFormat("en-GB", opts).formatToParts(instant);
    var get = function (t) { return (parts.find(function (p) { return p.type === t; }) || {}).value; };
    return { y: +get("year"), m: +get("month"), d: +get("day"),
             wd: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(get("weekday")),
             min: parseInt(get("hour"), 10) * 60 + parseInt(get("minute"), 10) };
  }

  function instantOf(tz, y, m, d, minutes) {
    // The instant at which the wall clock in `tz` reads y-m-d + minutes (two passes settle DST offsets).
    var guess = Date.UTC(y, m - 1, d, 0, minutes);
    for (var i = 0; i < 2; i++) {
      var w = wall(tz, new Date(guess));
      var shown = Date.UTC(w.y, w.m - 1, w.d, 0, w.min);
      guess += Date.UTC(y, m - 1, d, 0, minutes) - shown;
    }
    return guess;
  }

  function isoDate(w) {
    return w.y + "-" + (w.m < 10 ? "0" : "") + w.m + "-" + (w.d < 10 ? "0" : "") + w.d;
  }

  function isOpen(cov, now) {
    if (cov.always) return true;
    if (!cov.windows) return null; // not recorded: say nothing rather than something wrong
    try {
      var here = wall(cov.tz, now);
      if ((cov.holidays || []).indexOf(isoDate(here)) >= 0) return false;
      var t = now.getTime();
      for (var back = 7; back >= 0; back -= 7) {
        // Monday of this (and last) week in the coverage's zone, as a calendar date.
        var monday = new Date(Date.UTC(here.y, here.m - 1, here.d - here.wd - back));
        for (var i = 0; i < cov.windows.length; i++) {
          var w = cov.windows[i];
          var a = instantOf(w.sz, monday.getUTCFullYear(), monday.getUTCMonth() + 1, monday.getUTCDate() + w.sd, w.s);
          var b = instantOf(w.ez, monday.getUTCFullYear(), monday.getUTCMonth() + 1, monday.getUTCDate() + w.ed, w.e);
          if (b <= a) b += 7 * 86400000;
          if (a <= t && t < b) return true;
        }
      }
      return false;
    } catch (e) {
      return null; // unknown zone in this browser
    }
  }

  function markOpenLines() {
    // Only phone lines can be "open"; portals and mailboxes are always there. When every line of a table is
    // 24x7 the highlight would mark all of them and mean nothing: the Hours column already says 24x7.
    var now = new Date();
    document.querySelectorAll("table.esc-hotlines").forEach(function (table) {
      var rows = Array.prototype.slice.call(table.querySelectorAll("tr.esc-line[data-coverage]"))
        .filter(function (row) { return row.querySelector('a[href^="tel:"]'); });
      var covs = rows.map(function (row) { return JSON.parse(row.getAttribute("data-coverage")); });
      var allAlways = covs.length > 0 && covs.every(function (c) { return c.always; });
      rows.forEach(function (row, k) {
        var open = allAlways ? undefined : isOpen(covs[k], now);
        var slot = row.querySelector(".esc-open");
        row.classList.toggle("esc-open-now", open === true);
        row.classList.toggle("esc-closed-now", open === false);
        if (slot) slot.textContent = open === true ? "open now" : open === false ? "closed now" : "";
      });
    });
  }

  function markWideFigures() {
    // A flowchart wider than its box scrolls inside it; say so (the caption is shown only then).
    document.querySelectorAll("figure.esc-figure").forEach(function (fig) {
      fig.classList.toggle("esc-overflowing", fig.scrollWidth > fig.clientWidth + 1);
    });
  }

  function filterTable() {
    // The home filter: escdir's one matcher over the sharded index (escdir-find.js). The table holds every vendor
    // only in a small directory; matches are written into it as rows of their own, best first.
    var input = document.getElementById("esc-filter");
    var find = window.escdirFind;
    if (!input || !find) return;
    var table = document.querySelector("table.esc-az");
    var body = table && table.querySelector("tbody");
    if (!body) return;
    var staticRows = Array.prototype.slice.call(body.querySelectorAll("tr"));  // A–Z, as built (small directories)
    var count = document.getElementById("esc-count");
    var total = count ? parseInt(count.getAttribute("data-total") || "0", 10) : staticRows.length;
    var empty = document.getElementById("esc-empty");
    var suggest = document.getElementById("esc-suggest");
    var letters = Array.prototype.slice.call(document.querySelectorAll(".esc-letters a"));
    var seq = 0, first = null, pending = null;
    function say(q, matches, typos, note) {
      if (!suggest) return;
      suggest.textContent = "";
      if (!typos && !note) { suggest.hidden = true; return; }
      if (note) {
        suggest.appendChild(document.createTextNode(note));
      } else {
        suggest.appendChild(document.createTextNode("Nothing matches \u201c" + q + "\u201d exactly. Did you mean "));
        matches.slice(0, 3).forEach(function (m, k) {
          if (k) suggest.appendChild(document.createTextNode(k === Math.min(3, matches.length) - 1 ? " or " : ", "));
          var a = document.createElement("a");
          a.href = m.e.href;
          a.textContent = m.e.name;
          suggest.appendChild(a);
        });
        suggest.appendChild(document.createTextNode("? Showing the closest names below."));
      }
      suggest.hidden = false;
    }
    function cell(row, content) { var td = document.createElement("td"); if (content) td.appendChild(content); row.appendChild(td); return td; }
    function row(m) {
      var e = m.e, tr = document.createElement("tr");
      tr.id = "row-" + e.href.replace(/\/$/, "").split("/").pop().replace(/\.html$/, "");
      var a = document.createElement("a");
      a.className = "esc-vendor-link";
      a.href = e.href;
      a.textContent = e.name;
      cell(tr, a);
      var line = document.createElement("span");
      if (e.line && e.lineHref) {
        var tel = document.createElement("a");
        tel.className = "esc-tel";
        tel.href = e.lineHref;
        var bdi = document.createElement("bdi");
        bdi.dir = "ltr";
        bdi.textContent = e.line;
        tel.appendChild(bdi);
        line.appendChild(tel);
      } else if (e.line) {
        line.textContent = e.line;
      }
      if (e.why) {
        var why = document.createElement("small");
        why.className = "esc-why";
        why.textContent = (e.line ? " " : "") + e.why;
        line.appendChild(why);
      }
      cell(tr, line);
      cell(tr, document.createTextNode(e.hours || "not recorded"));
      return tr;
    }
    function show(rows, q, shownCount) {
      var frag = document.createDocumentFragment();
      rows.forEach(function (r) { frag.appendChild(r); });
      body.textContent = "";
      body.appendChild(frag);
      table.hidden = rows.length === 0;
      table.setAttribute("data-query", q);
      if (count) {
        count.textContent = q ? shownCount + " of " + total + " vendors shown"
                              : total + " vendor" + (total === 1 ? "" : "s");
      }
      if (empty) {
        empty.hidden = !q || shownCount > 0;
        var what = empty.querySelector(".esc-empty-query");
        if (what) what.textContent = q;
      }
    }
    function apply() {
      var q = input.value.trim();
      var mine = ++seq;
      first = null;
      if (!q) {
        pending = null;
        say(q, [], false, "");
        show(staticRows, "", total);
        if (!staticRows.length) table.hidden = true;
        return;
      }
      pending = find.search(q).then(function (r) {
        if (mine !== seq) return;  // typed on meanwhile
        var note = "";
        if (r.short) {
          var letter = letters.filter(function (a) { return find.norm(a.textContent) === find.norm(q); })[0];
          note = "Type a second character" + (letter ? ", or open the vendors under " + letter.textContent : "") + ".";
        } else if (r.partial) {
          note = "Many vendors hold these letters; the best among the first ones are shown. Type more to narrow the list.";
        }
        var shown = r.matches.slice(0, 50);
        say(q, r.matches, r.typos, note);
        first = shown.length ? shown[0].e.href : null;
        show(shown.map(row), q, r.matches.length);
      }).catch(function () {
        if (mine !== seq) return;
        say(q, [], false, "The search index could not be loaded; use the A\u2013Z links below.");
        show([], q, 0);
      });
    }
    // The form only hosts the box: Enter opens the best match (below) instead of submitting it.
    // (An inline onsubmit attribute would be blocked by the Content-Security-Policy.)
    if (input.form) input.form.addEventListener("submit", function (e) { e.preventDefault(); });
    input.addEventListener("input", apply);
    input.addEventListener("keydown", function (e) {
      if (e.key !== "Enter") return;
      e.preventDefault();
      if (!input.value.trim() || !pending) return;
      pending.then(function () { if (first) window.location.href = first; });  // the best match, once it is known
    });
    if (input.value.trim()) apply();
  }

  // Material wraps Markdown tables in a scrolling box (.md-typeset__scrollwrap); one that scrolls must take keyboard
  // focus to be scrolled without a mouse (axe: scrollable-region-focusable). escdir's own tables carry that in HTML.
  function focusableScrollers() {
    document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])").forEach(function (box) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      var heading = box.previousElementSibling;
      while (heading && !/^H[1-6]$/.test(heading.tagName)) heading = heading.previousElementSibling;
      box.setAttribute("aria-label", (heading ? heading.textContent.trim() + ": " : "") + "table");
    });
  }

  function init() { markOpenLines(); filterTable(); markWideFigures(); focusableScrollers(); }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(focusableScrollers);
  window.addEventListener("resize", markWideFigures);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  setInterval(markOpenLines, 60000);
})();
