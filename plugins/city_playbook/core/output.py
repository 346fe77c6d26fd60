"""What a build of one city produces, as plain values (kept between builds by
cache.OutputCache). This module stays light: a cached build imports it and none of the
validation and rendering machinery."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic

PACKAGE = Path(__file__).resolve().parent.parent  # the city_playbook package, above core/


@dataclass(frozen=True)
class Output:
    """Everything the MkDocs adapter needs from the core for one language, as plain values."""

    language: str
    language_name: str
    """The language's name in itself (English, Français), for the language switcher."""
    pages: dict[str, str]
    data: dict[str, bytes]
    name: str
    site_name: str
    summary: str
    nav: list[Any]
    warnings: list[Diagnostic] = field(default_factory=list)
    notes: list[Diagnostic] = field(default_factory=list)
    """Shown to editors but never failing a build: revisions left out of the history."""


def default_catalog_dir() -> Path:
    """The packaged catalog, or the repository's `content/` when running from a checkout."""
    packaged = PACKAGE / "content"
    return packaged if packaged.is_dir() else PACKAGE.parent.parent / "content"


def build_date() -> date:
    """Today, or the date in SOURCE_DATE_EPOCH so that builds are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return date.today()
