"""The whole flow in one call (catalog -> city -> resolved playbook), shared by the MkDocs
plugin and the CLI so that `city-playbook validate` checks exactly what a build checks."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from .core.brand import brand_files
from .core.cache import gc_paused
from .core.catalog import load_catalog
from .core.changes import timeline
from .core.city import display_path, load_city
from .core.diagnostics import Diagnostic, Severity
from .core.history import Published, publication
from .core.language import strings
from .core.output import Output, default_catalog_dir
from .core.resolve import Playbook, resolve
from .site.feeds import feed_files
from .site.opendata import data_files
from .site.pages import nav
from .site.render import render_site


@dataclass(frozen=True)
class Built:
    playbooks: dict[str, Playbook]
    """One resolved playbook per language of the site, the default first."""
    catalog_root: Path
    warnings: list[Diagnostic]
    problems: list[Diagnostic] = field(default_factory=list)
    """Errors of a newer, broken edit while this (older) build is shown in a preview."""

    @property
    def playbook(self) -> Playbook:
        """The playbook in the site's default language."""
        return next(iter(self.playbooks.values()))

    def with_problems(self, problems: list[Diagnostic]) -> Built:
        return replace(self, problems=problems)

    def outputs(self, directory_urls: bool = True, links_from_source: bool = False) -> list[Output]:
        """Everything each language's site needs, rendered: pages, data files, settings, warnings.
        `links_from_source`: for Zensical (see layout.relative_href)."""
        return [self.output(directory_urls, language, links_from_source) for language in self.playbooks]

    def output(self, directory_urls: bool = True, language: str | None = None,
               links_from_source: bool = False) -> Output:
        """One language's output, by default the site's default language."""
        language = language or next(iter(self.playbooks))
        playbook, t = self.playbooks[language], strings(language)
        profile = playbook.city.profile
        pages = render_site(playbook, t, directory_urls=directory_urls, problems=self.problems,
                            links_from_source=links_from_source)
        return Output(language, t.language_name, pages,
                      data_files(playbook, directory_urls) | feed_files(playbook, t, directory_urls)
                      | brand_files(profile, playbook.city.root), profile.name,
                      t.site_name.format(city=profile.name), profile.summary, nav(playbook, t),
                      self.warnings, playbook.timeline.skipped)


def build(city_dir: Path, catalog_dir: Path | None = None, today: date | None = None,
          published: Published | None = None) -> Built:
    """Load and check everything; raises PlaybookError listing every error. Dates are judged
    as of `today` if given, else as of the city's publication (history.publication)."""
    catalog_root = catalog_dir or default_catalog_dir()
    if today is not None:
        published = Published(today, "build")
    published = published or publication(city_dir)
    with gc_paused():
        catalog = load_catalog(catalog_root)
        city = load_city(city_dir, catalog, published.day)
        past = timeline(city_dir, display_path(city_dir))
        catalogs = {language: load_catalog(catalog_root, language) for language in city.translations}
        playbooks = {language: resolve(catalogs[language], local, published.day, published.basis, past)
                     for language, local in city.translations.items()}
        warnings = [w for c in catalogs.values() for w in c.warnings] + city.warnings
        warnings += [_shallow(display_path(city_dir))] if past.unavailable == "shallow" else []
        return Built(playbooks, catalog_root, warnings)


def _shallow(shown: str) -> Diagnostic:
    return Diagnostic(shown, 0, 0, "", "this is a shallow clone, so the site cannot show the city's history "
                      "(What has changed, the feed, each item's history). Fetch the whole history: in GitHub "
                      "Actions, add 'fetch-depth: 0' under 'with:' of actions/checkout (as "
                      ".github/workflows/publish.yml does); elsewhere run 'git fetch --unshallow'",
                      Severity.WARNING)
