"""The Content-Security-Policy meta tag every page carries, whichever engine built it.

This module imports only the standard library, on purpose: besides serving the plugin, it
is copied as it stands into every `city-playbook export`, where mkdocs.yml names it under
`hooks:` (MkDocs and ProperDocs run `on_post_page` below without any plugin installed), and
`city-playbook build --engine zensical` applies the same function to the pages Zensical
writes, since Zensical runs no hooks. One policy, computed by one function, for every engine.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from typing import Any

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", re.S)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def content_security_policy(page_html: str, styles: Iterable[str] = ()) -> str:
    """Only this site's own files; inline scripts only where their exact hash is listed.

    Only the theme's scripts are listed, never one inside the page's article: content is
    escaped so none can get there, and if one ever did, the policy would still block it.
    `styles`: inline style sheets the theme's own script inserts (Zensical's search dialog),
    allowed by their exact hash in the same way."""
    start, end = page_html.find("<article"), page_html.rfind("</article>")
    outside = page_html[:start] + page_html[end:] if 0 <= start < end else page_html
    hashes = sorted({_sha256(body) for body in _INLINE_SCRIPT.findall(outside)})
    style_hashes = sorted({_sha256(style) for style in styles})
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' " + " ".join(hashes) if hashes else "script-src 'self'",
        " ".join(["style-src 'self'", *style_hashes]),
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def add_content_security_policy(page_html: str, styles: Iterable[str] = ()) -> str:
    """The page with the policy as the first element of its head (a page without a head,
    which no theme writes, is left as it is)."""
    head = page_html.find("<head>")
    if head == -1:
        return page_html
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(page_html, styles)}">'
    return page_html[: head + 6] + meta + page_html[head + 6:]


def on_post_page(output: str, **_: Any) -> str:
    """The MkDocs hooks of an exported project (`hooks:` in its mkdocs.yml): every page..."""
    return add_content_security_policy(output)


def on_post_template(output_content: str, *, template_name: str, **_: Any) -> str:
    """...and the theme's own pages (404.html); sitemap.xml is no page."""
    return add_content_security_policy(output_content) if template_name.endswith(".html") else output_content
