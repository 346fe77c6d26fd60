"""What the plugin adds to MkDocs' files and pages: the generated files (after checking
that docs/ does not already hold one of them), the feed links in each page's head, and the
options a compiled theme template depends on."""

from __future__ import annotations

import html

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, get_files

from ..core.output import Output
from ..site.pages import ASSETS, FEEDS, relative_href


def generated_files(output: Output, config: MkDocsConfig) -> list[File]:
    """The pages, data files and assets of one language's output, as MkDocs files."""
    generated = [File.generated(config, src, content=text) for src, text in output.pages.items()]
    generated += [File.generated(config, src, content=data) for src, data in output.data.items()]
    generated += [File.generated(config, src, abs_src_path=str(path)) for src, path in ASSETS.items()]
    return generated


def check_docs_dir(generated: list[File], config: MkDocsConfig) -> None:
    """A file in docs/ that would be written where a generated file goes is an error,
    found before MkDocs cleans site/ (MkDocs itself would keep one and say so only at INFO)."""
    taken = {file.dest_uri: file.src_uri for file in get_files(config)}
    clashes = [f"{config.docs_dir}/{taken[file.dest_uri]} would be written to {file.dest_uri}, where the "
               f"playbook writes {file.src_uri}" for file in generated if file.dest_uri in taken]
    if clashes:
        raise PluginError("; ".join(clashes) + ". Rename or move the file in docs/; nothing was built.")


def add_feed_links(page_html: str, src: str, directory_urls: bool, title: str) -> str:
    """The feeds of the city's changes, announced in every page's head so that a reader's
    browser or feed reader finds them from any page."""
    links = "".join(f'<link rel="alternate" type="{kind}" title="{html.escape(title)}" '
                    f'href="{html.escape(relative_href(src, FEEDS[name], directory_urls))}">'
                    for name, kind in (("atom", "application/atom+xml"), ("json_feed", "application/feed+json")))
    end = page_html.find("</head>")
    return page_html if end == -1 else page_html[:end] + links + page_html[end:]


def compile_options(env: Environment) -> tuple[object, ...]:
    """What a compiled template depends on besides its source: the environment's syntax,
    whitespace handling, extensions and code generation."""
    return (env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
            env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
            env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, env.optimized,
            env.is_async, sorted(env.extensions), _name(env.autoescape), _name(env.finalize))


def _name(value: object) -> str:
    return value if isinstance(value, bool | None) else getattr(value, "__qualname__", repr(value))  # type: ignore[return-value]
