"""Reading one file of a catalog into its model, every problem collected."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, TypeVar

from ..diagnostics import Diagnostic
from ..model import Strict, check
from ..yamlsafe import Document, load_file

M = TypeVar("M", bound=Strict)


class Read(Protocol):
    def __call__(self, relative: str, model: type[M]) -> tuple[M | None, Document | None]: ...


def reader(folder: Path, shown: str, problems: list[Diagnostic]) -> Read:
    """Reads a catalog file into its model; every problem goes into `problems`."""
    def read(relative: str, model: type[M]) -> tuple[M | None, Document | None]:
        doc, errors = load_file(folder / relative, display=f"{shown}/{relative}")
        problems.extend(errors)
        if doc is None:
            return None, None
        value, errors = check(model, doc, doc.data)
        problems.extend(errors)
        return value, doc
    return read
