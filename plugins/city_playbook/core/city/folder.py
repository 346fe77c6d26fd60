"""What a city's folder holds: the files a city can have, the City they load into, and
the files that do not belong there (nothing an editor writes is silently ignored)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic, Severity, did_you_mean, one_of
from ..model import (
    Benefits,
    CityProfile,
    Commitment,
    Governance,
    Interoperability,
    PartStatement,
    PrincipleChoice,
    Risks,
    Roadmap,
    Strict,
)
from ..yamlsafe import Document

OPTIONAL_FILES: dict[str, type[Strict]] = {
    "roadmap.yml": Roadmap,
    "governance.yml": Governance,
    "interoperability.yml": Interoperability,
    "benefits.yml": Benefits,
    "risks.yml": Risks,
}
KNOWN_FILES = ("city.yml", "principles.yml", "commitments.yml", *OPTIONAL_FILES)
IGNORED_FILES = ("README.md",)


@dataclass
class City:
    root: Path
    profile: CityProfile
    principles: dict[str, PrincipleChoice] = field(default_factory=dict)
    statements: dict[str, PartStatement] = field(default_factory=dict)
    commitments: dict[str, Commitment] = field(default_factory=dict)
    roadmap: Roadmap | None = None
    governance: Governance | None = None
    interoperability: Interoperability | None = None
    benefits: Benefits | None = None
    risks: Risks | None = None
    warnings: list[Diagnostic] = field(default_factory=list)
    untranslated: frozenset[str] = frozenset()
    """Texts shown in the default language because this language's text is missing."""
    translations: dict[str, City] = field(default_factory=dict)
    """The city in each language of its site, the default (this one) first."""

    @property
    def slug(self) -> str:
        return self.root.name

    def additions(self) -> set[str]:
        return {rid for rid, c in self.commitments.items() if c.statement is not None}


def display_path(path: Path) -> str:
    """Paths as the editor typed them: relative to where the command runs, if inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def city_folders(root: Path) -> list[Path]:
    """The folders directly in `root` that hold a city (a city.yml), in name order."""
    return sorted(p for p in root.iterdir() if (p / "city.yml").is_file()) if root.is_dir() else []


def logo_name(doc: Document | None) -> str | None:
    """The logo's file as city.yml names it, read before city.yml is checked (so that the
    logo is not taken for a stray file)."""
    logo = doc.data.get("logo") if doc and isinstance(doc.data, dict) else None
    name = logo.get("file") if isinstance(logo, dict) else None
    return name if isinstance(name, str) else None


def stray_files(root: Path, shown: str, logo: str | None) -> Iterator[Diagnostic]:
    """Nothing an editor writes is ignored: a misnamed file is an error, not a no-op."""
    for path in sorted(root.iterdir()):
        name = path.name
        if name in KNOWN_FILES or name in IGNORED_FILES or name.startswith(".") or name == logo:
            continue
        if path.suffix.lower() in (".yml", ".yaml"):
            stem = name.rsplit(".", 1)[0].lower() + ".yml"  # "Risks.YML" is risks.yml, misnamed
            if stem in KNOWN_FILES and (root / stem).is_file() and (root / stem).samefile(path):
                # A disk that ignores case (macOS, Windows) reads it; a Linux build server will not.
                yield Diagnostic(f"{shown}/{name}", 0, 0, "", f"rename it to {stem}: the name must match "
                                 "exactly, or a build on another computer will not find it")
                continue
            # "commitments (copy).yml", "risks-old.yml", "city.yaml" beside city.yml
            original = next((k for k in KNOWN_FILES if (root / k).is_file() and name.startswith(k[:-4])), None)
            if original and (stem not in KNOWN_FILES or (root / stem).is_file()):
                yield Diagnostic(f"{shown}/{name}", 0, 0, "", f"this looks like a copy of {original}, "
                                 f"and only {original} is read; move the copy out of the city folder",
                                 Severity.WARNING)
                continue
            hint = (f" Rename it to {stem}." if stem in KNOWN_FILES else did_you_mean(name, KNOWN_FILES))
            yield Diagnostic(f"{shown}/{name}", 0, 0, "", f"this file is not read by the playbook.{hint} "
                             f"The files a city can have are: {one_of(KNOWN_FILES)}")
        else:
            kind = "folder" if path.is_dir() else "file"
            yield Diagnostic(f"{shown}/{name}", 0, 0, "", f"this {kind} is not part of the playbook and is "
                             "not published; move it out of the city folder", Severity.WARNING)
