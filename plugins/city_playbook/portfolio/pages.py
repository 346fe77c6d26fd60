"""The portfolio's pages: which there are, their navigation, and their Markdown.

They are rendered by the same Jinja2 environment as a city's pages (autoescape,
StrictUndefined, every text from YAML plain unless a filter says otherwise), so the
portfolio inherits the city pages' escaping and markup.

Sorting works without script: each ordering of the cities' table is a page of its own,
linked from the column headings (a few hundred rows each, where one page sorted in the
browser would need a script). Each recommendation gets its own comparison page, since one
page for all of them would hold cities times recommendations cells (50,000 for 500
cities).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..core.ids import anchor
from ..core.language import strings
from ..site.opendata import TABLE
from ..site.pages import Page
from ..site.render import render_template
from .aggregate import PORTFOLIO_FILES, CitySummary, Portfolio

NAME = "name"
OVERALL = "overall"


def ordering_src(key: str) -> str:
    """Page of the cities' table ordered by `key`: name (the home page), overall or a
    component id."""
    return "index.md" if key == NAME else f"order/{key.lower()}.md"


def recommendation_src(recommendation_id: str) -> str:
    return f"recommendations/{anchor(recommendation_id)}.md"


# Top-level names the portfolio writes (with MkDocs' own), which no city may use as its slug.
RESERVED = ("index.html", "404.html", "sitemap.xml", "sitemap.xml.gz", "assets", "search", "order",
            "recommendations", "data", "open-data")


def _sort_key(key: str) -> Callable[[CitySummary], Any]:
    if key == NAME:
        return lambda c: (c.name.casefold(), c.slug)
    if key == OVERALL:
        return lambda c: (-c.overall.done_percent, c.name.casefold(), c.slug)
    return lambda c: (-c.components[key].done_percent, c.name.casefold(), c.slug)


def pages(portfolio: Portfolio) -> list[Page]:
    """Every page of the portfolio, home first."""
    t = strings().portfolio
    keys = [NAME, OVERALL, *(cid for cid, _ in portfolio.components)]
    result = []
    for key in keys:
        label = (t["order_name"] if key == NAME else t["order_overall"] if key == OVERALL
                 else f"{t['order_component']} {key}")
        result.append(Page(ordering_src(key), t["home"], "portfolio_home.md.j2",
                           t["home_description"] if key == NAME else f"{t['ordering_description']} {label}.",
                           {"key": key, "label": label, "keys": keys,
                            "cities": sorted(portfolio.cities, key=_sort_key(key))},
                           searchable=key == NAME))
    result.append(Page("recommendations/index.md", t["recommendations"], "portfolio_recommendations.md.j2",
                       t["recommendations_description"]))
    for recommendation in portfolio.recommendations:
        result.append(Page(recommendation_src(recommendation.id), f"{recommendation.id} {t['status_of_cities']}",
                           "portfolio_recommendation.md.j2",
                           f"{t['compare_description']} {recommendation.id}?",
                           {"recommendation": recommendation}, searchable=False))
    result.append(Page("open-data.md", t["data"], "portfolio_data.md.j2", t["data_description"]))
    return result


def nav() -> list[Any]:
    t = strings().portfolio
    return [{t["home"]: "index.md"}, {t["recommendations"]: "recommendations/index.md"}, {t["data"]: "open-data.md"}]


def render(portfolio: Portfolio, directory_urls: bool = True) -> dict[str, str]:
    """Every page's Markdown, keyed by its path in the portfolio site."""
    return {page.src: render_template(page, directory_urls, portfolio=portfolio, portfolio_files=PORTFOLIO_FILES,
                                      ordering_src=ordering_src, recommendation_src=recommendation_src,
                                      csv_fields=TABLE["commitments"].described)
            for page in pages(portfolio)}
