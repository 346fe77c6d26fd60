"""The MkDocs adapter: a thin layer over the core (load -> validate -> resolve -> render).

Validation runs in `on_config`, before MkDocs cleans `site/`, so a failed build leaves the
last good site untouched. A city in several languages is one MkDocs pass per language
(Material sets one theme language per build, and HTML one `lang` per document): the
default language at the site's root, then, after that pass, each other language under
`/<code>/`, from the output made and checked before anything was written. Under `mkdocs
serve` the plugin object is kept between builds (it defines `on_startup`), so a broken edit
keeps the last good preview and explains the problem on the page and in the terminal
instead of stopping the server.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, file_sort_key
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from ..core.cache import OutputCache, default_cache_dir, fingerprint, frozen_for_the_build, gc_paused, thawed
from ..core.diagnostics import PlaybookError, count
from ..core.history import publication
from ..core.language import DEFAULT, strings
from ..core.output import PACKAGE, Output, default_catalog_dir
from ..site.bytecode import bytecode_cache
from ..site.csp import add_content_security_policy
from .files import add_feed_links, check_docs_dir, compile_options, generated_files
from .languages import Sibling, keep_sibling_links, search_plugin, sibling_href
from .preview import Conversions
from .settings import palette_labels, site_settings, toc_labels

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer

    from ..pipeline import Built

log = logging.getLogger("mkdocs.plugins.city_playbook")
POLL = 0.1
"""Seconds between two looks at the watched files under `mkdocs serve`."""


class PlaybookConfig(base.Config):
    city = c.Type(str)
    """Folder of the city to build, relative to mkdocs.yml."""
    catalog = c.Optional(c.Type(str))
    """Folder of a replacement catalog; by default the catalog that ships with the package."""
    set_site_name = c.Type(bool, default=True)
    """Name the site after the city (`<name> smart city playbook`)."""
    set_nav = c.Type(bool, default=True)
    """Provide the navigation when mkdocs.yml has no `nav` of its own."""
    content_security_policy = c.Type(bool, default=True)
    """Add a Content-Security-Policy meta tag that allows only this site's own resources."""
    cache = c.Type(bool, default=True)
    """Reuse the output of the last build of a city whose inputs have not changed."""
    cache_dir = c.Optional(c.Type(str))
    """Where that output is kept (relative to mkdocs.yml); by default the user's cache folder,
    outside the project, so that no file arriving with the project's sources (a pull
    request) can stand in for a build's output."""


class PlaybookPlugin(BasePlugin[PlaybookConfig]):
    def __init__(self) -> None:
        self.command: str = "build"
        self.dirty = False
        self.last_good: Built | None = None
        self.outputs: list[Output] = []
        """One per language of the site, the default first."""
        self.language: str | None = None
        """The language of the pass under way, while the other languages are built."""
        self.own_nav = False
        self.generated: list[File] = []
        self.conversions = Conversions()
        """Under `mkdocs serve`, the pages converted in the last rebuild (adapter.preview)."""

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """Present so that MkDocs keeps this object (and the last good build) across rebuilds."""
        self.command = command
        self.dirty = dirty

    @event_priority(50)  # before the search plugin, which reads the theme's language in its on_config
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """The city checked and its pages made, with the cyclic collector paused (what is made
        here lives until the build ends), then set aside from its later passes."""
        with gc_paused():
            config = self._config(config)
            frozen_for_the_build()  # before the collector runs again: it would scan all of it once more
        return config

    def _config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.language is not None:  # another language's pass: everything was checked before site/ was cleaned
            self._configure(next(o for o in self.outputs if o.language == self.language), config)
            return config
        root = Path(config.config_file_path or ".").resolve().parent
        city_dir = root / self.config.city
        catalog_dir = root / self.config.catalog if self.config.catalog else None
        try:
            outputs = self._outputs(root, city_dir, catalog_dir, config)
            if config.strict and outputs[0].warnings:
                raise PlaybookError(outputs[0].warnings)
        except PlaybookError as exc:
            for diagnostic in exc.everything():
                (log.warning if diagnostic in exc.warnings else log.error)(str(diagnostic))
            problems = count(len(exc.diagnostics), "problem")
            if self.last_good is None:  # under `mkdocs serve`, there is a last good preview
                raise PluginError(f"{problems} in the city files; nothing was built and the existing "
                                  "site is unchanged.") from None
            log.error(f"{problems} in the city files; the preview shows the last good version until "
                      "they are fixed.")
            outputs = self.last_good.with_problems(exc.diagnostics).outputs(config.use_directory_urls)
        else:
            for warning in outputs[0].warnings:
                log.warning(str(warning))
        for note in outputs[0].notes:  # history cannot be edited, so these never fail a build
            log.info(str(note))
        self.outputs = outputs
        self.own_nav = self.config.set_nav and not config.nav
        self._configure(outputs[0], config)
        watched = (city_dir, catalog_dir or default_catalog_dir())
        config.watch.extend(str(p) for p in watched if p.is_dir() and str(p) not in config.watch)
        return config

    def _configure(self, output: Output, config: MkDocsConfig) -> None:
        """The settings and generated files of one language's pass."""
        if self.own_nav:  # the nav of the previous language's pass is ours to replace
            config.nav = None
        for key, value in site_settings(output, config, set_site_name=self.config.set_site_name,
                                        set_nav=self.config.set_nav).items():
            config[key] = value
        config.theme["language"] = output.language
        if "palette" in config.theme:
            config.theme["palette"] = palette_labels(config.theme["palette"], output.language)
        if "toc" in config.mdx_configs:
            config.mdx_configs["toc"] = toc_labels(config.mdx_configs["toc"], output.language)
        if len(self.outputs) > 1:
            search = search_plugin(config)
            if search is not None:  # it keeps the language of its first pass otherwise
                search.config.lang = [output.language]
            self._alternates("", output.language, config)  # for the theme's own pages (404.html)
        self.generated = generated_files(output, config)
        check_docs_dir(self.generated, config)

    def _outputs(self, root: Path, city_dir: Path, catalog_dir: Path | None,
                 config: MkDocsConfig) -> list[Output]:
        """The city's output: from the cache when nothing it depends on has changed (a plain
        build), else from the core, which is imported only then."""
        cache = key = None
        published = publication(city_dir)
        if self.config.cache and self.command != "serve":
            folder = root / self.config.cache_dir if self.config.cache_dir else default_cache_dir()
            cache = OutputCache(folder, city_dir)
            inputs = [PACKAGE, catalog_dir or default_catalog_dir(), city_dir]
            key = fingerprint([p for p in inputs if p.is_dir()], published, config.use_directory_urls)
            cached = cache.load(key)
            if cached is not None:
                return cached
        from ..pipeline import build

        built = build(city_dir, catalog_dir, published=published)
        outputs = built.outputs(config.use_directory_urls)
        if self.command == "serve":
            self.last_good = built
        if cache and key:
            cache.store(key, outputs)
        return outputs

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """The generated files, in the order MkDocs would list them from a docs/ folder, so the
        search index lists pages as the build of `city-playbook export` does, byte for byte."""
        files = Files(sorted([*files, *self.generated], key=file_sort_key))
        if self.command == "serve":
            self.conversions.start(files, config, self.language)
        return files

    @event_priority(-100)  # last: the Markdown as MkDocs will convert it
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self.conversions.before(markdown, page) if self.command == "serve" else markdown

    @event_priority(100)  # first: every other plugin sees the page's HTML as a conversion gives it
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self.conversions.after(html, page, files) if self.command == "serve" else html

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        if len(self.outputs) > 1:
            env.filters["url"] = keep_sibling_links(env.filters["url"])
        if env.bytecode_cache is None:  # MkDocs compiles the theme again in every build and rebuild
            env.bytecode_cache = bytecode_cache("theme", *compile_options(env))
        return env

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., None]
                 ) -> LiveReloadServer:
        """The same server, polling the watched files every POLL seconds instead of MkDocs'
        0.5 s: waiting for the poll was a third of the time from a save to the preview. The
        polling watcher is kept (it works on every file system, network shares included); a
        few dozen files are looked at each time."""
        from mkdocs.livereload import LiveReloadServer

        host, port = server.server_address[:2]
        faster = LiveReloadServer(builder=server.builder, host=str(host), port=int(port), root=server.root,
                                  mount_path=server.mount_path, polling_interval=POLL)
        faster.error_handler = server.error_handler
        for emitter in server.observer.emitters:  # what MkDocs watched already (docs/, mkdocs.yml, the theme)
            watched = emitter.watch
            faster.watch(getattr(watched, "raw_path", watched.path), recursive=watched.is_recursive)
        server.server_close()  # never bound: MkDocs binds the server it is given back
        return faster

    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        """The language switcher and the hreflang links lead to this same page in each language."""
        if len(self.outputs) > 1:
            self._alternates(page.url, self.language or self.outputs[0].language, config)
        return context

    def _alternates(self, url: str, here: str, config: MkDocsConfig) -> None:
        config.extra["alternate"] = [{"name": o.language_name, "lang": o.language,
                                      "link": Sibling(sibling_href(self.outputs[0].language, url, here, o.language))}
                                     for o in self.outputs]

    @event_priority(-100)  # last, so the policy covers every inline script other plugins add
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        language = self.language or (self.outputs[0].language if self.outputs else DEFAULT)
        output = add_feed_links(output, page.file.src_uri, config.use_directory_urls, strings(language).nav["changes"])
        if not self.config.content_security_policy:
            return output
        return add_content_security_policy(output)

    @event_priority(-100)
    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """The theme's own pages (404.html) carry the policy too; sitemap.xml is no page."""
        if not self.config.content_security_policy or not template_name.endswith(".html"):
            return output_content
        return add_content_security_policy(output_content)

    @event_priority(-100)  # after every other plugin has finished this pass (search writes its index here)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Each language after the default, as a pass of its own into site/<code>/; then the
        build's objects go back to the cyclic collector."""
        if self.language is not None:
            return
        try:
            self._other_languages(config)
            self.conversions.finish(succeeded=True)
        finally:
            thawed()

    def on_build_error(self, *, error: Exception) -> None:
        """A failed build's objects go back to the collector too (`mkdocs serve` goes on)."""
        self.conversions.finish(succeeded=False)
        thawed()

    def _other_languages(self, config: MkDocsConfig) -> None:
        if len(self.outputs) < 2:
            return
        from mkdocs.commands.build import build

        site_dir, site_url, theme_language = config.site_dir, config.site_url, config.theme["language"]
        search = search_plugin(config)
        search_lang = search.config.lang if search else None
        try:
            for output in self.outputs[1:]:
                self.language = output.language
                config.site_dir = os.path.join(site_dir, output.language)
                if site_url:  # its sitemap and canonical links name <site_url><code>/
                    config.site_url = f"{site_url.rstrip('/')}/{output.language}/"
                build(config, dirty=self.dirty)
        finally:
            self.language = None
            config.site_dir, config.site_url, config.theme["language"] = site_dir, site_url, theme_language
            if search is not None:
                search.config.lang = search_lang
