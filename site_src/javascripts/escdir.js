/* escdir: progressive enhancement only. Every number and table is in the HTML without this script. */
(function () {
  "use strict";

  // "Open now" reads the same derived data as `escdir show` (escdir.facts.open_now_data): weekly windows whose
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
    var input = document.getElementById("esc-filter");
    var find = window.escdirFind;
    if (!input || !find) return;
    var body = document.querySelector("table.esc-az tbody");
    if (!body) return;
    var rows = Array.prototype.slice.call(body.querySelectorAll("tr"));  // A–Z, as built
    var split = function (row, attr) { return (row.getAttribute(attr) || "").split("|").filter(Boolean); };
    var entries = rows.map(function (row) {
      var terms = split(row, "data-terms");
      var link = row.querySelector("a.esc-vendor-link");
      return find.entry(link ? link.textContent : terms[0], terms, split(row, "data-serial"), split(row, "data-host"));
    });
    var count = document.getElementById("esc-count");
    var empty = document.getElementById("esc-empty");
    var suggest = document.getElementById("esc-suggest");
    var order = rows.slice();
    function say(el, q, matches, typos) {
      if (!el) return;
      el.textContent = "";
      if (!typos) { el.hidden = true; return; }
      el.appendChild(document.createTextNode("Nothing matches \u201c" + q + "\u201d exactly. Did you mean "));
      matches.slice(0, 3).forEach(function (m, k) {
        if (k) el.appendChild(document.createTextNode(k === Math.min(3, matches.length) - 1 ? " or " : ", "));
        var a = document.createElement("a");
        a.href = rows[m.i].querySelector("a.esc-vendor-link").href;
        a.textContent = m.e.name;
        el.appendChild(a);
      });
      el.appendChild(document.createTextNode("? Showing the closest names below."));
      el.hidden = false;
    }
    function apply() {
      var q = input.value.trim();
      var shownRows;
      if (!q) {
        shownRows = rows.slice();
        say(suggest, q, [], false);
      } else {
        var r = find.rank(entries, q);
        shownRows = r.matches.map(function (m) { return rows[m.i]; });
        say(suggest, q, r.matches, r.typos);
      }
      var visible = new Set(shownRows);
      rows.forEach(function (row) {  // write only what changes: 1000 no-op writes still cost style work
        var hide = !visible.has(row);
        if (row.hidden !== hide) row.hidden = hide;
      });
      // Best match first (so an alias puts its vendor on top), A–Z within a rank; touch the DOM only on change.
      var next = shownRows.concat(rows.filter(function (row) { return !visible.has(row); }));
      if (next.some(function (row, k) { return row !== order[k]; })) {
        var frag = document.createDocumentFragment();
        next.forEach(function (row) { frag.appendChild(row); });
        body.appendChild(frag);
        order = next;
      }
      if (count) {
        count.textContent = q ? shownRows.length + " of " + rows.length + " vendors shown"
                              : rows.length + " vendor" + (rows.length === 1 ? "" : "s");
      }
      if (empty) {
        empty.hidden = shownRows.length > 0;
        var what = empty.querySelector(".esc-empty-query");
        if (what) what.textContent = q;
      }
    }
    // The form only hosts the box: Enter opens the best match (below) instead of submitting it.
    // (An inline onsubmit attribute would be blocked by the Content-Security-Policy.)
    if (input.form) input.form.addEventListener("submit", function (e) { e.preventDefault(); });
    input.addEventListener("input", apply);
    input.addEventListener("keydown", function (e) {
      if (e.key !== "Enter") return;
      e.preventDefault();
      var target = body.querySelector("tr:not([hidden])");  // rows are already in rank order
      if (target) window.location.href = target.querySelector("a.esc-vendor-link").href;
    });
    apply();
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
