"""`city-playbook build --engine NAME`: one command for the site, whichever engine renders it.

MkDocs and ProperDocs (which continues MkDocs 1.x and runs `mkdocs.plugins` entry points
unchanged) run the playbook's plugin themselves, so for them this only runs their build.
Zensical reads mkdocs.yml but runs no plugin and no hook, so the site is built from
`city-playbook export` and the Content-Security-Policy is then added to every page Zensical
wrote, by the same function the plugin and the export's hook use. As with every build,
the city is checked first and the new site replaces the old one only when all went well.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..core.diagnostics import Diagnostic, count
from ..site.csp import add_content_security_policy

ENGINES = ("mkdocs", "properdocs", "zensical")
INSTALL = "pip install 'city-playbook[engines]'"

# What Zensical cannot do yet for a playbook, said by the command and in the README.
ZENSICAL_LIMITS = (
    "no live preview: Zensical's own server would show the export, not the city's files as they "
    "are saved, so preview with mkdocs serve",
    "without site_url, Zensical still writes a sitemap and canonical links, as addresses from the "
    "server's root (/principles/), which are wrong for a site published in a subfolder: set site_url",
)


class EngineError(Exception):
    """A build that failed for a reason other than the city's files; says what to do."""


def build(engine: str, config_file: Path, site_dir: Path, strict: bool,
          report: Callable[[list[Diagnostic]], None]) -> None:
    """Build the site with `engine` into `site_dir`; raises PlaybookError for the city's
    problems and EngineError for everything else, leaving the last good site untouched."""
    if importlib.util.find_spec(engine) is None:
        raise EngineError(f"{engine} is not installed. Install it with: {INSTALL}")
    if engine != "zensical":
        command = [sys.executable, "-m", engine, "build", "-f", str(config_file), "-d", str(site_dir)]
        if subprocess.run([*command, *(["--strict"] if strict else [])], check=False).returncode:
            raise EngineError(f"{engine} build failed (its messages are above); the site is unchanged.")
        return
    _zensical(config_file, site_dir, strict, report)


# A JavaScript string literal holding a style sheet: Zensical's search dialog puts one, as it
# stands in the theme's script, into a <style> element of its shadow root.
_STRING_LITERAL = re.compile(r"'([^'\\\n]{200,})'")
_STYLE_SHEET = re.compile(r"[.#:@*\[a-z][^{};()]*\{[a-z-]+:")


def theme_styles(site: Path) -> list[str]:
    """The style sheets in the theme's scripts, so the policy can allow exactly those: any
    other inline style (one an attacker wrote) stays blocked. Read from the built scripts,
    not listed here, so a new Zensical release that changes them needs no change here;
    the browser tests count the policy's violations on the Zensical site."""
    found: list[str] = []
    for script in sorted((site / "assets" / "javascripts").glob("bundle.*.js")):
        text = script.read_text(encoding="utf-8")
        found += [s for s in _STRING_LITERAL.findall(text) if _STYLE_SHEET.match(s)]
    return found


def _zensical(config_file: Path, site_dir: Path, strict: bool,
              report: Callable[[list[Diagnostic]], None]) -> None:
    from .export import export_project  # imports MkDocs' configuration loader

    site_dir = site_dir.absolute()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".city-playbook-zensical-", dir=site_dir.parent))
    try:
        exported = export_project(config_file, work / "project", engine="zensical")
        report(exported.warnings)
        strict = strict or exported.strict
        if strict and exported.warnings:
            raise EngineError(f"{count(len(exported.warnings), 'warning')}; --strict treats them as errors, "
                              "so nothing was built and the site is unchanged.")
        command = [sys.executable, "-m", "zensical", "build", "-f", str(work / "project" / "mkdocs.yml")]
        if subprocess.run([*command, *(["--strict"] if strict else [])], check=False).returncode:
            raise EngineError("zensical build failed (its messages are above); the site is unchanged.")
        built = work / "project" / "site"
        if exported.content_security_policy:
            styles = theme_styles(built)
            for page in built.rglob("*.html"):
                page.write_bytes(add_content_security_policy(page.read_bytes().decode(), styles).encode())
        if site_dir.exists():
            site_dir.rename(work / "previous")
        built.rename(site_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
