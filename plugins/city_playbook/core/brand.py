"""A city's own look: its logo and colours from city.yml, kept within WCAG 2.2 AA.

The colours become a small style sheet of the site's own (the Content-Security-Policy
allows no inline style), the logo a file of the site's own; both are written beside the
generated pages. The contrast arithmetic is WCAG 2.2's own definition (relative luminance
and contrast ratio, Understanding 1.4.3): a dozen lines, written here rather than adding a
dependency for them.
"""

from __future__ import annotations

import re
from pathlib import Path

from .model import CityProfile

CITY_CSS = "assets/city-playbook/city.css"
LOGO_DIR = "assets/city-playbook"
LOGO_TYPES = (".svg", ".png", ".webp", ".jpg", ".jpeg")
HEX = re.compile(r"#[0-9a-fA-F]{6}")
WHITE = "#ffffff"
AA = 4.5
# The light scheme's shaded backgrounds that hold links, as site/assets/playbook.css writes
# them (a test keeps the two the same): the city's link colour must read on each of them, not
# only on the white page. Drawn over white, so each is checked as the colour it gives there.
SHADES = {
    "the risk grid's high-risk cells": "rgba(190, 30, 30, 0.24)",
    "the risk grid's medium-risk cells": "rgba(200, 140, 0, 0.16)",
    "the risk grid's low-risk cells": "rgba(30, 130, 60, 0.08)",
    "the shaded rows of the tables": "rgba(0, 0, 0, 0.06)",
}
_RGBA = re.compile(r"rgba\((\d+), (\d+), (\d+), ([\d.]+)\)")
# What would run or load something in an SVG opened on its own (an <img> runs none of it).
SVG_ACTIVE = re.compile(rb"<script|<foreignObject|\son[a-z]+\s*=|javascript:|@import"
                        rb"|(?:href|src)\s*=\s*[\"']?(?:https?:)?//|url\(\s*[\"']?(?:https?:)?//", re.I)


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours, from 1 to 21."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def on_white(rgba: str) -> str:
    """The #rrggbb colour that a CSS rgba() background gives over the white page."""
    found = _RGBA.fullmatch(rgba)
    assert found is not None, rgba  # SHADES above, written in this module
    *rgb, alpha = (float(v) for v in found.groups())
    return "#" + "".join(f"{round(255 * (1 - alpha) + c * alpha):02x}" for c in rgb)


LINK_BACKGROUNDS = {"the white page": WHITE, **{where: on_white(shade) for where, shade in SHADES.items()}}
"""Every background links stand on in the light scheme, by where it is."""


def darkened(colour: str, against: str = WHITE, ratio: float = AA) -> str:
    """The same hue, darkened step by step until it reaches `ratio` against `against`: the
    colour an editor is told to write instead of one that fails."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    for step in range(101):
        k = 1 - step / 100
        candidate = f"#{round(r * k):02x}{round(g * k):02x}{round(b * k):02x}"
        if contrast(candidate, against) >= ratio:
            return candidate
    return "#000000"


def logo_src(profile: CityProfile) -> str | None:
    """Where the logo is published in the site, if the city has one."""
    if profile.logo is None:
        return None
    return f"{LOGO_DIR}/logo{Path(profile.logo.file).suffix.lower()}"


def brand_files(profile: CityProfile, city_dir: Path) -> dict[str, bytes]:
    """The style sheet of the city's colours and its logo, keyed by their path in the site
    (city/profile.py has checked both: the colours' contrast, the logo's file)."""
    files: dict[str, bytes] = {}
    colours = profile.colours
    if colours is not None and (colours.primary or colours.accent):
        rules = ["/* The city's colours, from city.yml (checked for WCAG 2.2 AA contrast). */"]
        if colours.primary:
            p = colours.primary
            rules.append(f"[data-md-color-scheme][data-md-color-primary] {{ --md-primary-fg-color: {p}; "
                         f"--md-primary-fg-color--light: {p}; --md-primary-fg-color--dark: {p}; "
                         f"--md-primary-bg-color: {WHITE}; }}")
        if colours.accent:
            a = colours.accent
            rules.append(f'[data-md-color-scheme="default"][data-md-color-primary] {{ --md-typeset-a-color: {a}; '
                         f"--md-accent-fg-color: {darkened(a, ratio=7)}; }}")
        files[CITY_CSS] = ("\n".join(rules) + "\n").encode()
    src = logo_src(profile)
    if src and profile.logo:
        files[src] = (city_dir / profile.logo.file).read_bytes()
    return files
