#!/usr/bin/env python3
"""Browser steps of the benchmark: Playwright + Debian's Chromium against a built site on 127.0.0.1.

    python bench/browser.py SITE_DIR --query "Northwind" [--expect vendors/northwind-networks/] [--json out.json]

For one built site it measures, each in a fresh browser context (empty HTTP cache) and, with
``--rates 1,4``, also under CDP ``Emulation.setCPUThrottlingRate`` (the page's main thread; this
Chromium cannot throttle dedicated workers):

  search_first_result   navigation to the HOME page (where the engineer lands; its own load counts) ->
                        the query typed into the header search -> the first vendor result on screen
                        (seconds from the start of navigation)
  search_bytes          bytes of every response that finished before that first result
  filter_first_result   navigation to the home page -> the query typed into the filter -> the
                        matching row first in the table
  filter_keystroke_ms   per typed character: input event -> next frame (the main thread is free again)
                        (median and max over the characters of the query)
  filter_result_ms      per typed character: input event -> that prefix's results on screen (the index
                        fetches included; each character is typed once the previous one has its results)

Each step runs ``repeat`` times in fresh contexts; the run with the median time is reported.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(root: Path):
    """A static file server on 127.0.0.1:<free port> for ``root``; yields its base URL."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    httpd.daemon_threads = True
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


class _Bytes:
    """Sizes of finished responses, time-stamped on arrival (page and its workers)."""

    def __init__(self, context) -> None:
        self.done: list[tuple[float, Any]] = []
        context.on("requestfinished", lambda req: self.done.append((time.perf_counter(), req)))

    def before(self, t: float) -> tuple[int, int]:
        total = count = 0
        for at, req in list(self.done):
            if at <= t:
                try:
                    sizes = req.sizes()
                    total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
                except Exception:  # noqa: BLE001, S112 - a request torn down with its page: not counted
                    continue
                count += 1
        return total, count


def _throttle(context, page, rate: float) -> None:
    """CPU throttling of the page's main thread (CDP Emulation.setCPUThrottlingRate).

    Dedicated workers (where Material's search builds its index) are NOT throttled: Debian's Chromium
    answers "Operation is only supported for pages, not workers" when asked, so worker-side costs show up
    at full speed in the throttled runs too. The bench report says so.
    """
    if rate > 1:
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": rate})


@contextlib.contextmanager
def _timed_page(browser, url: str, *, rate: float, timeout: float):
    """A fresh throttled tab navigated to ``url`` (not waited for): (page, start time, byte counter)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    try:
        page = context.new_page()
        counter = _Bytes(context)
        _throttle(context, page, rate)
        t0 = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=timeout)
        yield page, t0, counter
    finally:
        context.close()


def search_first_result(browser, url: str, query: str, *, rate: float, expect: str = "",
                        timeout: float = 120_000) -> dict[str, Any]:
    """Seconds from navigating to ``url`` to the first header-search result for ``query``; bytes fetched by then."""
    with _timed_page(browser, url, rate=rate, timeout=timeout) as (page, t0, counter):
        page.wait_for_selector(".md-search__input", state="attached", timeout=timeout)
        page.locator(".md-search__input").click(timeout=timeout)
        page.keyboard.type(query)
        page.wait_for_selector(".md-search-result .esc-hit a", timeout=timeout)  # the first vendor result
        t1 = time.perf_counter()
        first = page.eval_on_selector(".md-search-result .esc-hit a", "a => a.href")
        nbytes, nreq = counter.before(t1)
    return {"seconds": t1 - t0, "bytes": nbytes, "requests": nreq, "first": first,
            "first_ok": (expect in first) if expect else None}


FILTER_JS = """async (q) => {
  const input = document.getElementById('esc-filter');
  const table = document.querySelector('table.esc-az');
  const answered = (v) => (table.getAttribute('data-query') || '') === v.trim();
  const times = [], results = [];
  for (let i = 1; i <= q.length; i++) {
    const t = performance.now();
    input.value = q.slice(0, i);
    input.dispatchEvent(new Event('input', {bubbles: true}));
    await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
    times.push(performance.now() - t);
    while (!answered(input.value)) await new Promise(r => setTimeout(r, 2));
    await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
    results.push(performance.now() - t);
  }
  const row = document.querySelector('table.esc-az:not([hidden]) tbody tr:not([hidden])');
  return {times, results, first: row ? row.id : null};
}"""


def filter_first_result(browser, url: str, query: str, *, rate: float, expect: str = "",
                        timeout: float = 120_000) -> dict[str, Any]:
    """Home page: navigation -> query typed into the filter -> matching row on top; per-keystroke latency."""
    with _timed_page(browser, url, rate=rate, timeout=timeout) as (page, t0, counter):
        page.wait_for_selector("#esc-filter", timeout=timeout)
        page.wait_for_load_state("domcontentloaded", timeout=timeout)
        out = page.evaluate(FILTER_JS, query)
        t1 = time.perf_counter()
        nbytes, nreq = counter.before(t1)
    times, results = out["times"], out["results"]
    return {"seconds": t1 - t0, "bytes": nbytes, "requests": nreq, "first": out["first"],
            "first_ok": (out["first"] == expect) if expect else None,
            "keystroke_ms_median": statistics.median(times) if times else None,
            "keystroke_ms_max": max(times) if times else None,
            "result_ms_median": statistics.median(results) if results else None,
            "result_ms_max": max(results) if results else None, "chars": len(query)}


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median time (its bytes and first result stay its own); all times kept alongside."""
    ordered = sorted(runs, key=lambda r: r["seconds"])
    return {**ordered[(len(ordered) - 1) // 2], "all_seconds": [r["seconds"] for r in runs]}


def measure_site(site: Path, *, vendor_path: str, query: str, expect_url: str, expect_row: str,
                 filter_query: str, rates: tuple[float, ...] = (1.0, 4.0), repeat: int = 1) -> dict[str, Any]:
    """Every browser step for one built site, at each CPU throttling rate (median of ``repeat`` runs)."""
    from playwright.sync_api import sync_playwright

    out: dict[str, Any] = {}
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for rate in rates:
                key = f"x{rate:g}"
                searches = [search_first_result(browser, base + vendor_path, query, rate=rate, expect=expect_url)
                            for _ in range(repeat)]
                filters = [filter_first_result(browser, base, filter_query, rate=rate, expect=expect_row)
                           for _ in range(repeat)]
                out[key] = {"search": median_run(searches), "filter": median_run(filters)}
        finally:
            browser.close()
    return out


def pick_target(vendors_dir: Path) -> dict[str, str]:
    """The vendor a run searches for (a third of the way into the A–Z list) and the queries it uses.

    The header search types the vendor's first alias when it has one (an exact alias must come first),
    else its name; the home filter types the name (as an engineer would).
    """
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    files = sorted(vendors_dir.glob("*.yaml"))
    data = [yaml.load(f.read_text(encoding="utf-8"), Loader=loader) for f in files]
    seen: dict[str, int] = {}
    for d in data:
        for name in {str(x).casefold() for x in [d["name"], *(d.get("aliases") or [])]}:
            seen[name] = seen.get(name, 0) + 1
    start = len(files) // 3
    pick, query = start, ""
    for k in range(len(files)):  # the first vendor from a third of the way on whose first alias is unique
        i = (start + k) % len(files)
        aliases = data[i].get("aliases") or []
        if aliases and len(str(aliases[0])) >= 3 and seen[str(aliases[0]).casefold()] == 1:
            pick, query = i, str(aliases[0])
            break
    if not query:  # no unique alias (large synthetic directories reuse acronyms): a unique name instead
        for k in range(len(files)):
            i = (start + k) % len(files)
            if seen[str(data[i]["name"]).casefold()] == 1:
                pick, query = i, str(data[i]["name"])
                break
    target = files[pick]
    name = data[pick]["name"]
    return {"vendor": target.stem, "query": query or name, "filter_query": name,
            "vendor_path": "", "expect_url": f"vendors/{target.stem}/",
            "expect_row": f"row-{target.stem}"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="browser steps of the escdir benchmark on a built site")
    ap.add_argument("site", type=Path)
    ap.add_argument("--vendor-path", default="", help="page to search from (default: the home page)")
    ap.add_argument("--query", required=True)
    ap.add_argument("--expect", default="", help="substring of the expected first result URL")
    ap.add_argument("--filter-query", default="")
    ap.add_argument("--expect-row", default="")
    ap.add_argument("--rates", default="1,4")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path)
    a = ap.parse_args(argv)
    rep = measure_site(a.site, vendor_path=a.vendor_path, query=a.query, expect_url=a.expect,
                       expect_row=a.expect_row, filter_query=a.filter_query or a.query,
                       rates=tuple(float(x) for x in a.rates.split(",")), repeat=a.repeat)
    print(json.dumps(rep, indent=2))
    if a.json:
        a.json.write_text(json.dumps(rep, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
