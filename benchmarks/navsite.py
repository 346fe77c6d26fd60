"""A plain MkDocs + mkdocs-material site shaped like the playbook, with any number of pages.

mkdocs-material writes the whole navigation into every page, so a site of P pages carries
P navigation entries in each of its P pages: bytes and build time grow with P squared.
`navigation.prune` keeps only the entries a reader can see without a click, but under
`navigation.sections` every section is open, so it removes nothing; `navigation.tabs`
(or collapsed sections) is what lets it prune. This writes a site of P short pages in
sections of 7 (like the standard's groups of parts) with one of the VARIANTS of theme
features below, so that run.py can measure them side by side.

    python benchmarks/navsite.py OUT_DIR --pages 144 --variant playbook
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SECTION = 7


def _features() -> list[str]:
    text = (ROOT / "mkdocs.yml").read_text().replace("!ENV ", "")
    return list(yaml.safe_load(text)["theme"]["features"])


PLAYBOOK = _features()  # the playbook's own mkdocs.yml: navigation.sections, no prune
VARIANTS = {
    "playbook (sections)": PLAYBOOK,
    "sections + prune": [*PLAYBOOK, "navigation.prune"],
    "prune, collapsed sections": [*(f for f in PLAYBOOK if f != "navigation.sections"), "navigation.prune"],
    "tabs + sections + prune": [*PLAYBOOK, "navigation.tabs", "navigation.prune"],
}


def generate(out: Path, pages: int, features: list[str]) -> Path:
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    docs.mkdir(parents=True)
    nav: list[dict[str, object]] = [{"Home": "index.md"}]
    (docs / "index.md").write_text("# Home\n\nA synthetic site for the navigation benchmark.\n")
    for s in range((pages - 1 + SECTION - 1) // SECTION):
        entries = []
        for p in range(SECTION):
            n = s * SECTION + p + 1
            if n >= pages:
                break
            src = f"section-{s + 1:03d}/page-{n:04d}.md"
            (docs / src).parent.mkdir(exist_ok=True)
            body = "\n\n".join(f"## Heading {h}\n\nA paragraph of ordinary length on page {n}, about "
                               "the recommendations of this part and how far the city has got."
                               for h in range(1, 6))
            (docs / src).write_text(f"# Page {n}\n\n{body}\n")
            entries.append({f"Page {n}": src})
        nav.append({f"Section {s + 1}": entries})
    site = {"site_name": "Navigation benchmark", "docs_dir": "docs",
            "theme": {"name": "material", "font": False, "features": features},
            "plugins": ["search"], "markdown_extensions": ["attr_list", {"toc": {"permalink": True}}],
            "nav": nav}
    (out / "mkdocs.yml").write_text(yaml.safe_dump(site, sort_keys=False))
    return out


def nav_bytes(page_html: str) -> int:
    """Bytes of the primary (site) navigation sidebar in one built page."""
    start = page_html.find('<div class="md-sidebar md-sidebar--primary"')
    end = page_html.find('<div class="md-sidebar md-sidebar--secondary"', start)
    return end - start if start != -1 and end != -1 else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=144)
    parser.add_argument("--variant", choices=VARIANTS, default=next(iter(VARIANTS)))
    args = parser.parse_args()
    generate(args.out, args.pages, VARIANTS[args.variant])
    print(f"wrote {args.out}: {args.pages} pages, {args.variant}")


if __name__ == "__main__":
    main()
