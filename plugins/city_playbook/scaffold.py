"""Starting files for a new city: valid from the first build, and commented for editors."""

from __future__ import annotations

import json
from datetime import date

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .catalog import Catalog
from .city import VISION_PLACEHOLDER
from .output import build_date
from .render import TEMPLATES


def city_files(slug: str, name: str, catalog: Catalog, schema_base: str, today: date | None = None
               ) -> dict[str, str]:
    # YAML, not HTML: values are quoted with `q` (a JSON string is a valid YAML scalar)
    # and comments are folded to one line, so no catalog text can break the file.
    env = Environment(loader=FileSystemLoader(TEMPLATES / "scaffold"), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, autoescape=False)
    env.filters.update(q=lambda v: json.dumps(str(v), ensure_ascii=False), fold=lambda v: " ".join(str(v).split()))
    context = {"slug": slug, "name": name, "catalog": catalog, "schema_base": schema_base,
               "today": (today or build_date()).isoformat(), "vision_placeholder": VISION_PLACEHOLDER}
    return {f"{stem}.yml": env.get_template(f"{stem}.yml.j2").render(context)
            for stem in ("city", "principles", "commitments")}
