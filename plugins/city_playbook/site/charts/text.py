"""Laying out SVG text: wrapped lines, and the boxes they take so that lines and other
text keep clear of them."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

# SVG text cannot wrap or measure itself, so lines are wrapped here with a safe upper bound
# of the width of a character of the theme's system sans-serif font (about 0.5 em on
# average, 0.6 em leaves room for bold and wide letters).
CHAR_EM = 0.6


def text_width(text: str, size: float) -> float:
    """An upper estimate of the width of `text` at font size `size`, in user units."""
    return len(text) * size * CHAR_EM


def wrap(text: str, width: float, size: float) -> list[str]:
    """`text` in lines that fit `width`; every word is kept (a word longer than a line is split)."""
    return textwrap.wrap(text, max(1, int(width / (size * CHAR_EM)))) or [text]


@dataclass(frozen=True)
class Box:
    """Where a piece of text stands, to keep lines and other text clear of it."""

    x: float
    y: float
    width: float
    height: float

    def overlaps(self, other: Box) -> bool:
        return (self.x < other.x + other.width and other.x < self.x + self.width
                and self.y < other.y + other.height and other.y < self.y + self.height)
