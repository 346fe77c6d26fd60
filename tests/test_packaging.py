"""`pip install .` (not only editable) gives a working tool: templates, strings, assets and
the catalog ship in the wheel, and the entry points are registered."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from support import ROOT, make_project


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                             "-w", str(out), str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return next(out.glob("city_playbook-*.whl"))


def test_wheel_contains_templates_data_and_entry_points(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for required in ("city_playbook/site/templates/part.md.j2", "city_playbook/site/templates/scaffold/city.yml.j2",
                     "city_playbook/core/strings/en.yml", "city_playbook/site/assets/playbook.css",
                     "city_playbook/content/standard.yml", "city_playbook/content/parts/B14.yml",
                     "city_playbook/content/annexes/annex-c.yml"):
        assert required in names, required
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "city-playbook = city_playbook.adapter.plugin:PlaybookPlugin" in text
    assert "city-playbook = city_playbook.cli:main" in text
    license_file = "city_playbook-0.1.0.dist-info/licenses/LICENSE"
    assert license_file in names
    assert zipfile.ZipFile(wheel).read(license_file) == (ROOT / "LICENSE").read_bytes()


def test_the_licence_is_the_full_apache_2_text_and_ships_in_the_sdist(tmp_path: Path) -> None:
    """pyproject.toml says Apache-2.0: the terms themselves travel with every copy."""
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.split()[:4] == ["Apache", "License", "Version", "2.0,"]
    for section in ("1. Definitions.", "4. Redistribution.", "9. Accepting Warranty or Additional Liability.",
                    "END OF TERMS AND CONDITIONS", "APPENDIX: How to apply the Apache License"):
        assert section in text, section
    result = subprocess.run([sys.executable, "-c", "import sys; from hatchling.build import build_sdist; "
                             "print(build_sdist(sys.argv[1]))", str(tmp_path)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    with tarfile.open(tmp_path / result.stdout.split()[-1]) as sdist:
        member = next(m for m in sdist.getmembers() if m.name.endswith("/LICENSE"))
        shipped = sdist.extractfile(member)
        assert shipped is not None and shipped.read() == (ROOT / "LICENSE").read_bytes()


def test_a_site_builds_from_the_installed_wheel(wheel: Path, tmp_path: Path) -> None:
    """The wheel is unpacked ahead of the editable install on sys.path, so the build uses
    the wheel's code and its packaged catalog, not this checkout."""
    target = tmp_path / "installed"
    zipfile.ZipFile(wheel).extractall(target)
    project = make_project(tmp_path / "project")
    env = {**os.environ, "PYTHONPATH": str(target)}
    probe = ("import city_playbook.core.catalog as c, sys; print(c.default_catalog_dir()); "
             "from mkdocs.__main__ import cli; sys.argv=['mkdocs','build','--strict']; cli()")
    result = subprocess.run([sys.executable, "-c", probe], cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == str(target / "city_playbook" / "content")
    assert (project / "site" / "strategy-management" / "b1" / "index.html").exists()
