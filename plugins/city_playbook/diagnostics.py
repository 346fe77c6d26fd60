"""Messages for editors: every problem names the file, line, column, key path and a fix.

Every step of the pipeline reports through these types so that the CLI and the MkDocs
adapter print problems the same way, all at once, and never as a traceback.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int
    column: int
    path: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        key = f" {self.path}:" if self.path else ""
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        return f"{where}:{key} {prefix}{self.message}"


class PlaybookError(Exception):
    """Raised with every error of a run, so editors fix them all in one pass."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' did you mean X?' suffix, or '' when nothing is close."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" Did you mean '{match[0]}'?" if match else ""


def one_of(choices: Iterable[str]) -> str:
    return ", ".join(choices)
