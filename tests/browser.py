"""Real Chromium for the browser tests: Debian's package driven by Playwright.

The tests skip with a clear message when Chromium is missing, except in CI
(PLAYBOOK_REQUIRE_BROWSER=1), where a missing browser is a failure."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


def chromium_path() -> str:
    path = os.environ.get("PLAYBOOK_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    message = "Chromium is not installed (Debian: apt-get install chromium); browser tests skipped"
    if os.environ.get("PLAYBOOK_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve a built site on a free localhost port, as a static host would."""
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def page_urls(root: Path) -> list[str]:
    """Every page of a built site, as URLs relative to its root ("" for the home page)."""
    return [p.relative_to(root).as_posix().removesuffix("index.html")
            for p in sorted(root.rglob("*.html")) if p.name != "404.html"]


def _kind(url: str, urls: list[str]) -> str:
    """Pages in a folder with other pages (a group's parts, the portfolio's orderings) are of
    one kind, as they come from one template; any other page is a kind of its own."""
    folder = url.rstrip("/").rpartition("/")[0]
    siblings = [u for u in urls if u != url and u.startswith(f"{folder}/") and u.count("/") == url.count("/")]
    return folder + "/*" if folder and siblings else url


def representative_urls(root: Path, urls: list[str]) -> list[str]:
    """The fewest pages that hold, between them, a page of every kind and every kind of
    element the site shows anywhere (each tag with each combination of classes): what a
    check whose result depends only on markup and styles (axe) needs to load. Chosen
    greedily, in page order on ties; returned in page order."""
    from bs4 import BeautifulSoup

    features: dict[str, set[str]] = {}
    for url in urls:
        path = root / url / "index.html" if not url.endswith(".html") else root / url
        body = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").body
        features[url] = {f"kind {_kind(url, urls)}",
                         *(" ".join([e.name, *sorted(e.get("class", []))]) for e in body.find_all(True))}
    left = set().union(*features.values())
    chosen: list[str] = []
    while left:
        best = max(urls, key=lambda u: len(features[u] & left))
        chosen.append(best)
        left -= features[best]
    return [u for u in urls if u in chosen]


def site_urls(root: Path) -> list[str]:
    """Every page of a city's site. For a portfolio, its own pages, not its cities' (the
    build records in data/builds/ name the cities), and of the pages that share a template
    (the orderings, the ninety comparisons) the first and the last: checking all of them
    took minutes and checks the same markup."""
    slugs = {p.stem for p in (root / "data" / "builds").glob("*.json")}
    urls = [u for u in page_urls(root) if u.split("/")[0] not in slugs]
    for folder in ("order/", "recommendations/"):
        alike = [u for u in urls if u.startswith(folder) and u != folder]
        urls = [u for u in urls if u not in alike[1:-1]]
    return urls
