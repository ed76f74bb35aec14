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
    var now = new Date();
    document.querySelectorAll("tr.esc-line[data-coverage]").forEach(function (row) {
      var open = isOpen(JSON.parse(row.getAttribute("data-coverage")), now);
      var slot = row.querySelector(".esc-open");
      row.classList.toggle("esc-open-now", open === true);
      row.classList.toggle("esc-closed-now", open === false);
      if (slot) slot.textContent = open === true ? "open now" : open === false ? "closed now" : "";
    });
  }

  function filterTable() {
    var input = document.getElementById("esc-filter");
    if (!input) return;
    var body = document.querySelector("table.esc-az tbody");
    if (!body) return;
    var rows = Array.prototype.slice.call(body.querySelectorAll("tr"));  // A–Z, as built
    function rank(terms, q, words) {
      // 0 exact name/alias/product/…, 1 a term starts with the query, 2 every word starts a word, 3 substring.
      var list = terms.split("|");
      if (list.indexOf(q) >= 0) return 0;
      if (list.some(function (t) { return t.indexOf(q) === 0; })) return 1;
      var starts = words.every(function (w) {
        return list.some(function (t) { return t.split(/[\s\-\/.,]+/).some(function (x) { return x.indexOf(w) === 0; }); });
      });
      return starts ? 2 : 3;
    }
    function apply() {
      var q = input.value.trim().toLowerCase();
      var words = q.split(/\s+/).filter(Boolean);
      var scored = rows.map(function (row, i) {
        var terms = row.getAttribute("data-terms") || "";
        row.hidden = !words.every(function (w) { return terms.indexOf(w) >= 0; });
        return { row: row, i: i, r: q && !row.hidden ? rank(terms, q, words) : 0 };
      });
      // Best match first (so an alias puts its vendor on top), A–Z within a rank.
      scored.sort(function (a, b) { return a.r - b.r || a.i - b.i; });
      scored.forEach(function (s) { body.appendChild(s.row); });
    }
    input.addEventListener("input", apply);
    input.addEventListener("keydown", function (e) {
      if (e.key !== "Enter") return;
      var target = body.querySelector("tr:not([hidden])");  // rows are already in rank order
      if (target) window.location.href = target.querySelector("a.esc-vendor-link").href;
    });
    apply();
  }

  function init() { markOpenLines(); filterTable(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  setInterval(markOpenLines, 60000);
})();
