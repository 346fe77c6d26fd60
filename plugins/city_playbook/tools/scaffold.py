"""Starting files for a new city: valid from the first build, and commented for editors."""

from __future__ import annotations

import json

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..core.catalog import Catalog
from ..core.city import KNOWN_FILES, VISION_PLACEHOLDER
from ..site.render import TEMPLATES


def city_files(slug: str, name: str, catalog: Catalog, schema_base: str,
               languages: tuple[str, ...] = ("en",)) -> dict[str, str]:
    """Every file a city can have (one template each, in templates/scaffold/), so an editor
    never writes one from the reference tables. Nothing in them claims what has not
    happened: no review date, every recommendation not started, optional files only
    comments (the pages say there is nothing yet) until the editor fills them in."""
    # YAML, not HTML: values are quoted with `q` (a JSON string is a valid YAML scalar)
    # and comments are folded to one line, so no catalog text can break the file.
    env = Environment(loader=FileSystemLoader(TEMPLATES / "scaffold"), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, autoescape=False)
    env.filters.update(q=lambda v: json.dumps(str(v), ensure_ascii=False), fold=lambda v: " ".join(str(v).split()))
    context = {"slug": slug, "name": name, "catalog": catalog, "schema_base": schema_base,
               "vision_placeholder": VISION_PLACEHOLDER, "languages": languages}
    return {name: env.get_template(f"{name}.j2").render(context) for name in KNOWN_FILES}
