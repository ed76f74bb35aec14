/* escdir: progressive enhancement only. Every number and table is in the HTML without this script. */
(function () {
  "use strict";

  function minutesIn(tz, now) {
    // Weekday (0 = Monday) and minutes after midnight of `now` in zone `tz` ("local" = the browser's zone).
    var opts = { weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    if (tz !== "local") opts.timeZone = tz;
    var parts = new Intl.DateTimeFormat("en-GB", opts).formatToParts(now);
    var get = function (t) { return (parts.find(function (p) { return p.type === t; }) || {}).value; };
    var day = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(get("weekday"));
    return { day: day, minute: parseInt(get("hour"), 10) * 60 + parseInt(get("minute"), 10) };
  }

  function isOpen(cov, now) {
    if (cov.always) return true;
    try {
      var t = minutesIn(cov.tz, now);
      return cov.days.indexOf(t.day) >= 0 && t.minute >= cov.start && t.minute < cov.end;
    } catch (e) {
      return null; // unknown zone in this browser: say nothing rather than something wrong
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
    // The form only hosts the box: Enter opens the best match (below) instead of submitting it.
    // (An inline onsubmit attribute would be blocked by the Content-Security-Policy.)
    if (input.form) input.form.addEventListener("submit", function (e) { e.preventDefault(); });
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
