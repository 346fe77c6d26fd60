"""The layout of the package (issue 17): stages import downwards only, with no circle, and
the public API is what `__init__` promises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import city_playbook

ROOT = Path(__file__).resolve().parents[1]


def test_the_import_contracts_are_kept() -> None:
    """pyproject.toml's [tool.importlinter] contracts: layers, no cycles, MkDocs in the adapter only."""
    done = subprocess.run([sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
                           "sys.exit(lint_imports_command())", "--config", "pyproject.toml", "--no-cache"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout and "4 kept" in done.stdout, done.stdout


def test_every_public_name_resolves_and_costs_nothing_until_used() -> None:
    for name in city_playbook.__all__:
        assert getattr(city_playbook, name) is not None, name
    code = ("import sys, city_playbook; "
            "print(sorted(m for m in sys.modules if m.startswith('city_playbook.') or m in ('pydantic', 'jinja2')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
