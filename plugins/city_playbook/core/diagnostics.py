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
    """Raised with every error of a run, so editors fix them all in one pass, and with the
    warnings found alongside them, so that fixing the errors brings no second surprise."""

    def __init__(self, diagnostics: Iterable[Diagnostic], warnings: Iterable[Diagnostic] = ()) -> None:
        self.diagnostics = sorted(diagnostics)
        self.warnings = sorted(warnings)
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    def everything(self) -> list[Diagnostic]:
        """Errors and warnings in file and line order, as an editor works through them."""
        return sorted(self.diagnostics + self.warnings)


def count(n: int, noun: str, plural: str | None = None) -> str:
    """'1 error', '2 errors', '2 cities': messages are read by people, not parsed."""
    return f"{n} {noun}" if n == 1 else f"{n} {plural or noun + 's'}"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' did you mean X?' suffix, or '' when nothing is close. A choice that differs only
    in case wins: `b2.a` is B2.a, though by spelling alone C2.a is as close."""
    options = list(choices)
    same = [c for c in options if c.casefold() == word.casefold()]
    match = same or difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" Did you mean '{match[0]}'?" if match else ""


def one_of(choices: Iterable[str]) -> str:
    return ", ".join(choices)
